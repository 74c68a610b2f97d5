"""A question the classifier read as sharing an experience is read again as its problem (actions/facts_given.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.facts_given import asked_problem


def parsed(text: str, ranking: list[tuple[str, float]], role: str) -> Tracker:
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
        "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in ranking],
        "role": {"name": role, "confidence": 0.9},
        "entities": [],
    }
    return Tracker.from_dict({"sender_id": "t", "slots": {}, "latest_message": latest, "events": []})


RANKING = [
    ("share_experience", 0.26),
    ("consumer_after_sales", 0.17),
    ("merchant_influencer_fees", 0.13),
    ("merchant_costs", 0.11),
]


def test_a_merchants_question_read_as_sharing_is_their_best_merchant_problem() -> None:
    asked = "我们公司直播卖课程，用了包装出来的主播人设，现在投诉很多。这样会被怎么处罚？"
    assert asked_problem(parsed(asked, RANKING, "merchant")) == "merchant_influencer_fees"
    assert asked_problem(parsed(asked, RANKING, "buyer")) == "consumer_after_sales"


def test_sharing_with_no_question_stays_sharing() -> None:
    assert asked_problem(parsed("昨晚我们家橙子卖了六百箱，开心", RANKING, "merchant")) is None


def test_a_question_with_no_problem_reading_of_any_weight_stays_sharing() -> None:
    weak = [("share_experience", 0.9), ("merchant_costs", 0.05)]
    assert asked_problem(parsed("你们觉得直播带货会一直火下去吗？", weak, "merchant")) is None
