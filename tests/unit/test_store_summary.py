"""The case summary a worker acts on: risk from the person's words, amounts by role, no phone taken for a product."""

from __future__ import annotations

import pytest

from store.summary import case_risk, facts_from_slots, problems_in, topic_label, who_label


@pytest.mark.parametrize(
    ("messages", "level", "words"),
    [
        (
            ["公会每个月扣我一半工资，还说我违约要赔五万，我快崩溃了", "我一个人真的扛不住了"],
            "concern",
            ["快崩溃了", "扛不住了"],
        ),
        (["I just can't cope with the night shifts any more"], "concern", ["can't cope"]),
        (["退货被拒了，899块"], "none", []),
        (["我快崩溃了", "我不想活了"], "high", ["不想活"]),  # a crisis outranks distress
    ],
)
def test_case_risk_names_the_level_and_the_words_that_raised_it(
    messages: list[str], level: str, words: list[str]
) -> None:
    assert case_risk(messages) == (level, words)


def test_each_amount_carries_its_role_paid_claimed_against_or_owed() -> None:
    problems = problems_in(
        [
            "我在直播间花了899买的包是假的",
            "公司拖欠我3个月工资一共1.2万",
            "MCN要我付违约金20万",
            "the agency docked 30% of my pay",
        ]
    )
    roles = [(a.amount, a.role) for p in problems for a in p.amounts]
    assert roles == [("899", "paid"), ("12000", "owed_to_them"), ("200000", "claimed_against"), ("30%", "owed_to_them")]


def test_a_phone_number_is_not_a_product_and_a_claimed_sum_is_not_a_payment() -> None:
    said = ["公会还说我违约要赔五万", "我手机13912345678，可以联系我"]
    slots = {"product_category": "electronics", "amount_paid": 50000.0, "platform": "douyin", "language": "zh"}
    assert facts_from_slots(slots, said) == {"platform": "douyin"}


def test_a_real_purchase_and_its_price_are_kept() -> None:
    said = ["直播间买的手机是翻新机，花了3999"]
    slots = {"product_category": "electronics", "amount_paid": 3999.0}
    assert facts_from_slots(slots, said) == slots


def test_codes_read_in_the_workers_language() -> None:
    assert topic_label("streamer_mcn_contract") == "MCN合同与违约金"
    assert who_label(None, "consumer_counterfeit") == "消费者" and who_label(None, None) == "来访者"
