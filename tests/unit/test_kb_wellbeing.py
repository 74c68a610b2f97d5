"""The K6 check-in: scoring, bands and the offer of a social worker for high scores."""

from __future__ import annotations

import pytest

from kb.wellbeing import feedback, item_ids, score


def _answers(rating: str) -> dict[str, str | None]:
    return dict.fromkeys(item_ids(), rating)


@pytest.mark.parametrize(
    ("rating", "total", "band"), [("1", 0, "low"), ("2", 6, "low"), ("3", 12, "moderate"), ("4", 18, "high")]
)
def test_six_answers_are_scored_zero_to_four_each(rating: str, total: int, band: str) -> None:
    result = score(_answers(rating))
    assert (result.score, result.band["id"]) == (total, band)


def test_the_band_edges_are_7_8_12_13() -> None:
    ids = item_ids()
    answers = dict.fromkeys(ids, "1")
    answers.update({ids[0]: "5", ids[1]: "4"})  # 4 + 3 = 7
    assert score(answers).band["id"] == "low"
    answers[ids[2]] = "2"  # 8
    assert score(answers).band["id"] == "moderate"
    answers.update({ids[2]: "5", ids[3]: "3"})  # 4 + 3 + 4 + 2 = 13
    assert score(answers).score == 13 and score(answers).band["id"] == "high"


def test_a_high_score_offers_a_social_worker_without_diagnosing() -> None:
    answer = feedback(score(_answers("5")), "zh", hours_or_pay_mentioned=False)
    assert answer.handoff_reason == "wellbeing_high_score"
    text = answer.as_text()
    assert "24/24" in text and "12356" in text and "不是诊断" in text


def test_a_low_score_gets_warm_feedback_and_no_handoff() -> None:
    answer = feedback(score(_answers("1")), "en", hours_or_pay_mentioned=False)
    assert answer.handoff_reason is None and "Thank you" in answer.as_text()


def test_long_hours_bring_the_labour_rights_angle() -> None:
    text = feedback(score(_answers("3")), "zh", hours_or_pay_mentioned=True).as_text()
    assert "劳动法第44条" in text and "150%" in text
