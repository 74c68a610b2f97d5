"""A message with several problems: after the answer the person sees every problem heard and buttons for the rest."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.problems import offer_other_problems
from nlu.problem_signals import by_urgency

STORY = "直播间买的包是假的，想退货商家不给退，还把我拉黑了"


def _user(text: str, intent: str, problems: tuple[str, ...] = (), timestamp: float = 1.0) -> dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "problems": [{"intent": p, "confidence": 0.7} for p in problems],
    }
    return {"event": "user", "text": text, "timestamp": timestamp, "parse_data": parse}


def _offer(
    events: list[dict[str, Any]], slots: dict[str, Any] | None = None, language: str = "zh"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    latest = events[-1]["parse_data"]
    tracker = Tracker("t", {"language": language, **(slots or {})}, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = offer_other_problems(dispatcher, tracker, language)
    return dispatcher.messages, result


def test_the_problem_not_answered_is_offered_as_a_button() -> None:
    first = _user(STORY, "consumer_counterfeit", ("consumer_counterfeit", "consumer_return_refused"))
    messages, events = _offer([first, _user("抖音", "inform", timestamp=2.0)])
    (message,) = messages
    assert message["response"] == "utter_heard_problems"
    assert message["heard"] == "买到假货、七天无理由退货被拒"
    assert [b["payload"] for b in message["buttons"]] == ["/consumer_return_refused"]
    assert events[0]["value"] == {"source": 1.0, "intents": ["consumer_counterfeit"]}


def test_once_both_are_answered_nothing_more_is_offered() -> None:
    first = _user(STORY, "consumer_counterfeit", ("consumer_counterfeit", "consumer_return_refused"))
    clicked = _user("/consumer_return_refused", "consumer_return_refused", timestamp=3.0)
    answered = {"problems_answered": {"source": 1.0, "intents": ["consumer_counterfeit"]}}
    messages, events = _offer([first, clicked], answered)
    assert messages == []
    assert events[0]["value"]["intents"] == ["consumer_counterfeit", "consumer_return_refused"]


def test_a_message_with_one_problem_adds_nothing() -> None:
    messages, events = _offer([_user("公会拖欠工资", "streamer_unpaid_wages", ("streamer_unpaid_wages",))])
    assert messages == [] and events == []


def test_the_heard_line_follows_the_english_reply_language() -> None:
    first = _user("fake bag and no refund", "consumer_counterfeit", ("consumer_return_refused",))
    messages, _ = _offer([first], language="en")
    assert messages[0]["heard"] == "I got a fake, 7-day return refused"
    assert messages[0]["buttons"][0]["title"] == "7-day return refused"


def test_the_most_urgent_problems_are_offered_first() -> None:
    assert by_urgency(["merchant_traffic", "consumer_counterfeit", "consumer_food_safety"]) == [
        "consumer_food_safety",
        "consumer_counterfeit",
        "merchant_traffic",
    ]


def test_a_seller_quoting_a_buyers_demand_is_not_offered_the_buyers_problem() -> None:
    said = "买家要七天无理由退货，可我们的店流量也越来越差了"
    seller = _user(said, "merchant_traffic", ("merchant_traffic", "consumer_return_refused", "merchant_costs"))
    seller["parse_data"]["role"] = {"name": "merchant", "confidence": 0.9}
    messages, _ = _offer([seller])
    titles = [button["title"] for message in messages for button in message.get("buttons") or []]
    assert messages and not any("退" in title for title in titles)


def test_weak_detector_guesses_are_not_offered_as_problems() -> None:
    weak = _user("说错了，服务费是5万", "merchant_costs", ())
    weak["parse_data"]["problems"] = [{"intent": "merchant_influencer_fees", "confidence": 0.48}]
    messages, _ = _offer([weak])
    assert messages == []
