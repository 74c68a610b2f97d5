"""Two-stage fallback: close intents become buttons; the second misunderstanding in a row hands off."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAskAffirmation, ActionMisunderstoodFallback, candidate_intents


def _tracker(
    ranking: list[tuple[str, float]],
    language: str = "zh",
    active_loop: str | None = None,
    earlier_intents: tuple[str, ...] = (),
) -> Tracker:
    latest: dict[str, Any] = {
        "text": "主播那个东西 就是 怎么说呢",
        "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "entities": [],
    }
    events = [{"event": "user", "parse_data": {"intent": {"name": name}}} for name in earlier_intents]
    events.append({"event": "user", "parse_data": latest})
    return Tracker(
        "console-test",
        {"language": language},
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


def _run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


AMBIGUOUS = [
    ("nlu_fallback", 0.4),
    ("consumer_counterfeit", 0.38),
    ("consumer_not_as_described", 0.35),
    ("safety_suicide_risk", 0.02),
    ("greet", 0.01),
]


def test_two_close_topics_are_offered_as_buttons_instead_of_a_guess() -> None:
    messages, events = _run(ActionAskAffirmation(), _tracker(AMBIGUOUS))
    (message,) = messages
    assert message["response"] == "utter_ask_affirmation"
    assert [b["payload"] for b in message["buttons"]] == [
        "/consumer_counterfeit",
        "/consumer_not_as_described",
        "/out_of_scope",
    ]
    assert message["buttons"][0]["title"] == "买到假货"
    assert events == []


def test_buttons_follow_the_english_reply_language() -> None:
    messages, _ = _run(ActionAskAffirmation(), _tracker(AMBIGUOUS, language="en"))
    assert messages[0]["buttons"][0]["title"] == "I got a fake"


def test_a_crisis_intent_is_never_offered_as_a_guess() -> None:
    ranking = [("nlu_fallback", 0.4), ("safety_suicide_risk", 0.2), ("streamer_low_mood", 0.19)]
    assert candidate_intents({"intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}) == [
        "streamer_low_mood"
    ]


def test_with_no_real_candidate_the_person_is_asked_to_rephrase() -> None:
    messages, _ = _run(ActionAskAffirmation(), _tracker([("nlu_fallback", 0.4), ("affirm", 0.2)]))
    assert messages == [{**messages[0], "response": "utter_ask_rephrase"}]


def test_second_misunderstanding_in_a_row_hands_off_to_a_social_worker() -> None:
    tracker = _tracker(AMBIGUOUS, active_loop="action_two_stage_fallback")
    messages, events = _run(ActionMisunderstoodFallback(), tracker)
    assert messages == []
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": "misunderstood"},
        {"event": "followup", "timestamp": None, "name": "action_handoff"},
    ]


def test_two_fallbacks_without_the_loop_also_hand_off() -> None:
    tracker = _tracker(AMBIGUOUS, earlier_intents=("nlu_fallback",))
    _, events = _run(ActionMisunderstoodFallback(), tracker)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_handoff"}


def test_a_single_core_fallback_only_says_it_did_not_understand() -> None:
    tracker = _tracker([("greet", 0.9)], earlier_intents=("consumer_counterfeit",))
    messages, events = _run(ActionMisunderstoodFallback(), tracker)
    assert messages[0]["response"] == "utter_default"
    assert events == [{"event": "rewind", "timestamp": None}]
