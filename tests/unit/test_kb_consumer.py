"""Consumer answers as the user reads them: computed amounts, cited steps, checklist, hand-over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kb.consumer import Facts, case_types, consumer_answer, required_facts

TODAY = date(2026, 11, 28)


def test_ten_case_types_from_the_brief_plus_after_sales_are_covered() -> None:
    assert set(case_types()) >= {
        "counterfeit", "false_advertising", "food_safety", "return_refused", "not_as_described",
        "fake_original_price", "undelivered", "cosmetics_harm", "minor_spending", "offplatform_fraud",
    }  # fmt: skip


def test_a_200_yuan_fake_gets_the_500_yuan_minimum_under_article_55() -> None:
    text = consumer_answer("counterfeit", Facts(amount_paid=Decimal("200")), "zh", TODAY).as_text()
    assert "¥600" in text and "消保法第55条" in text


def test_a_100_yuan_fake_is_raised_to_500() -> None:
    text = consumer_answer("counterfeit", Facts(amount_paid=Decimal("100")), "en", TODAY).as_text()
    assert "so ¥500" in text and "Consumer Protection Law Art 55" in text


def test_80_yuan_unsafe_food_gets_1000_under_article_148_and_an_injury_offer() -> None:
    answer = consumer_answer("food_safety", Facts(amount_paid=Decimal("80")), "zh", TODAY)
    assert "¥1,000" in answer.as_text() and "食品安全法第148条" in answer.as_text()
    assert answer.handoff_reason == "serious_injury"


@pytest.mark.parametrize(("days", "expected"), [(3, "还剩 4 天"), (7, "最后一天"), (8, "已于")])
def test_return_window_answer_at_day_3_7_and_8(days: int, expected: str) -> None:
    text = consumer_answer("return_refused", Facts(days_since_receipt=days, product_category="clothing"), "zh", TODAY)
    assert expected in text.as_text() and "消保法第25条" in text.as_text()


def test_evidence_the_user_mentioned_is_ticked() -> None:
    text = consumer_answer("counterfeit", Facts(evidence_kept="有直播录屏和聊天记录"), "zh", TODAY).as_text()
    assert "✅ 直播回放" in text and "✅ 与客服" in text and "☐ 开箱视频" in text


def test_a_complaint_deadline_within_30_days_is_handed_to_a_person() -> None:
    answer = consumer_answer("counterfeit", Facts(days_since_receipt=365 * 3 - 10), "zh", TODAY)
    assert answer.handoff_reason == "deadline_soon"


def test_a_large_amount_is_offered_to_a_social_worker() -> None:
    answer = consumer_answer("not_as_described", Facts(amount_paid=Decimal("30000")), "zh", TODAY)
    assert answer.handoff_reason == "above_small_claims"


def test_off_platform_fraud_always_offers_a_person_and_says_call_110() -> None:
    answer = consumer_answer("offplatform_fraud", Facts(), "zh", TODAY)
    assert answer.handoff_reason == "offplatform_fraud" and "110" in answer.as_text()


def test_every_answer_carries_the_not_legal_advice_note() -> None:
    for case_id in case_types():
        assert "not legal advice" in consumer_answer(case_id, Facts(), "en", TODAY).as_text()


def test_skipped_facts_are_not_asked_again() -> None:
    assert "amount_paid" not in required_facts("counterfeit", skipped=["amount_paid"])
    assert required_facts("return_refused") == ["platform", "product_category", "days_since_receipt", "evidence_kept"]


def test_a_complaint_window_that_has_passed_is_said_plainly_and_handed_over() -> None:
    answer = consumer_answer("counterfeit", Facts(days_since_receipt=365 * 4), "zh", TODAY)
    assert "12315投诉期限可能已过期" in answer.as_text()
    assert answer.handoff_reason == "needs_legal_conclusion"


def test_articles_of_one_law_are_cited_together_in_order() -> None:
    from kb.render import cite_labels

    assert cite_labels(["cpl_55", "cpl_24", "civ_201"], "zh") == "消保法第24、55条、民法典第201条"
    assert cite_labels(["cpl_55", "cpl_24"], "en") == "Consumer Protection Law Arts 24, 55"
