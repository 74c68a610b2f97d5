"""An unclear message gets one question, and whatever the person answers is read: nobody is left with nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import (
    ActionAskClarification,
    ActionClarified,
    ActionMisunderstoodFallback,
    candidate_intents,
    read_answer,
)


def _parse(text: str, ranking: list[tuple[str, float]], problems: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "text": text,
        "intent": {"name": ranking[0][0], "confidence": ranking[0][1]},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        "entities": [],
        "problems": [{"intent": p, "confidence": 0.6} for p in problems],
    }


def _tracker(
    latest: dict[str, Any],
    language: str = "zh",
    earlier_intents: tuple[str, ...] = (),
    slots: dict[str, Any] | None = None,
) -> Tracker:
    events = [{"event": "user", "parse_data": {"intent": {"name": name}}} for name in earlier_intents]
    events.append({"event": "user", "parse_data": latest})
    return Tracker(
        "console-test", {"language": language, **(slots or {})}, latest, events, False, None, {}, "action_listen"
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
ASKED = {
    "kind": "which_one",
    "text": "主播那个东西 就是 怎么说呢",
    "entities": [],
    "candidates": ["consumer_counterfeit", "consumer_not_as_described"],
}


def test_two_close_topics_are_offered_as_buttons_instead_of_a_guess() -> None:
    messages, events = _run(ActionAskClarification(), _tracker(_parse("主播那个东西 就是 怎么说呢", AMBIGUOUS)))
    (message,) = messages
    assert message["response"] == "utter_which_one"
    assert [b["payload"] for b in message["buttons"]] == [
        "/consumer_counterfeit",
        "/consumer_not_as_described",
        "/out_of_scope",
    ]
    assert message["buttons"][0]["title"] == "买到假货"
    assert events[0]["name"] == "clarify_context" and events[0]["value"]["candidates"][0] == "consumer_counterfeit"


def test_buttons_follow_the_english_reply_language() -> None:
    messages, _ = _run(ActionAskClarification(), _tracker(_parse("that thing the host said", AMBIGUOUS), "en"))
    assert messages[0]["buttons"][0]["title"] == "I got a fake"


def test_a_crisis_intent_is_never_offered_as_a_guess() -> None:
    ranking = [("nlu_fallback", 0.4), ("safety_suicide_risk", 0.2), ("streamer_low_mood", 0.19)]
    assert candidate_intents({"intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}) == [
        "streamer_low_mood"
    ]


def test_detected_problems_come_before_the_ranking_as_candidates() -> None:
    parse = _parse("x", [("nlu_fallback", 0.3), ("merchant_costs", 0.2)], problems=("consumer_undelivered",))
    assert candidate_intents(parse) == ["consumer_undelivered", "merchant_costs"]


def test_with_no_real_candidate_the_person_gets_an_open_question() -> None:
    messages, _ = _run(ActionAskClarification(), _tracker(_parse("嗯嗯那个事情吧就是", [("nlu_fallback", 0.4)])))
    assert messages[0]["response"] == "utter_open_question"


def test_crying_emoji_get_a_check_in_that_asks_if_they_are_safe() -> None:
    messages, _ = _run(ActionAskClarification(), _tracker(_parse("😭😭😭", [("nlu_fallback", 1.0)])))
    assert messages[0]["response"] == "utter_distress_checkin"


def test_other_emoji_and_one_word_get_a_specific_prompt() -> None:
    emoji, _ = _run(ActionAskClarification(), _tracker(_parse("🤔🤔", [("nlu_fallback", 1.0)])))
    word, _ = _run(ActionAskClarification(), _tracker(_parse("哎", [("nlu_fallback", 0.1)])))
    assert emoji[0]["response"] == "utter_emoji_prompt"
    assert word[0]["response"] == "utter_one_word_prompt" and word[0]["word"] == "哎"


def test_typed_words_are_matched_to_the_buttons() -> None:
    weak = [("nlu_fallback", 0.2), ("inform", 0.15)]
    assert read_answer(ASKED, _parse("第二个", weak)).chosen == "consumer_not_as_described"
    assert read_answer(ASKED, _parse("假货那个", weak)).chosen == "consumer_counterfeit"
    ranked = [("nlu_fallback", 0.2), ("consumer_not_as_described", 0.18), ("consumer_counterfeit", 0.1)]
    assert read_answer(ASKED, _parse("颜色尺码都跟图上不一样", ranked)).chosen == "consumer_not_as_described"


def test_a_clear_new_message_is_taken_as_that_message() -> None:
    reading = read_answer(ASKED, _parse("公会欠我三个月工资", [("streamer_unpaid_wages", 0.8)]))
    assert reading.how == "message" and reading.chosen == "streamer_unpaid_wages"


def test_dont_know_and_both_handle_the_candidates_one_after_another() -> None:
    dont_know = read_answer(ASKED, _parse("不知道", [("skip", 0.9)]))
    both = read_answer(ASKED, _parse("都有", [("affirm", 0.5)]))
    assert (dont_know.chosen, dont_know.others) == ("consumer_counterfeit", ["consumer_not_as_described"])
    assert both.chosen and set([both.chosen, *both.others]) == set(ASKED["candidates"])


def test_a_fact_given_instead_of_a_choice_goes_on_with_the_most_likely_problem_and_keeps_the_fact() -> None:
    price = {"entity": "money", "value": "200", "text": "两百多"}
    parse = {**_parse("大概两百多", [("inform", 0.7)]), "entities": [price]}
    reading = read_answer(ASKED, parse)
    first, *others = ASKED["candidates"]
    assert (reading.how, reading.chosen, reading.others) == ("dont_know", first, others)
    tracker = _tracker(parse, slots={"clarify_context": ASKED})
    messages, events = _run(ActionClarified(), tracker)
    assert messages[0]["response"] == "utter_clarified_dont_know"
    assert price in events[-1]["parse_data"]["entities"]


def test_none_of_them_gets_an_open_question_not_anything_else() -> None:
    assert read_answer(ASKED, _parse("都不是", [("deny", 0.9)])).chosen is None


def test_the_chosen_problem_is_replayed_as_the_first_message_with_the_others_to_offer() -> None:
    tracker = _tracker(_parse("都有", [("affirm", 0.6)]), slots={"clarify_context": ASKED})
    messages, events = _run(ActionClarified(), tracker)
    assert messages[0]["response"] == "utter_clarified_both"
    replay = events[-1]
    assert events[-2] == {
        "event": "action",
        "timestamp": None,
        "name": "action_listen",
        "policy": None,
        "confidence": None,
    }
    assert replay["event"] == "user" and replay["text"] == ASKED["text"]
    assert replay["parse_data"]["intent"]["name"] == "consumer_counterfeit"
    assert [p["intent"] for p in replay["parse_data"]["problems"]] == ASKED["candidates"]


def test_an_answer_that_says_nothing_gets_an_open_question_and_a_human() -> None:
    tracker = _tracker(_parse("嗯", [("nlu_fallback", 0.3)]), slots={"clarify_context": {"kind": "open"}})
    messages, events = _run(ActionClarified(), tracker)
    assert messages[0]["response"] == "utter_open_question"
    assert messages[0]["buttons"] == [{"title": "转人工（社工）", "payload": "/request_human"}]
    assert all(e["event"] == "slot" for e in events)


def test_two_fallbacks_in_a_row_hand_off_to_a_social_worker() -> None:
    tracker = _tracker(_parse("?", AMBIGUOUS), earlier_intents=("nlu_fallback",))
    messages, events = _run(ActionMisunderstoodFallback(), tracker)
    assert messages == []
    assert events == [
        {"event": "slot", "timestamp": None, "name": "handoff_reason", "value": "misunderstood"},
        {"event": "followup", "timestamp": None, "name": "action_handoff"},
    ]


def test_a_single_core_fallback_only_says_it_did_not_understand() -> None:
    tracker = _tracker(_parse("?", [("greet", 0.9)]), earlier_intents=("consumer_counterfeit",))
    messages, events = _run(ActionMisunderstoodFallback(), tracker)
    assert messages[0]["response"] == "utter_default"
    assert events == [{"event": "rewind", "timestamp": None}]


def test_both_with_only_one_real_problem_promises_no_next_one() -> None:
    # "How to use this" is no problem to come back to: the answer goes straight on with the one problem.
    asked = {**ASKED, "candidates": ["consumer_counterfeit", "help"]}
    tracker = _tracker(_parse("都有", [("affirm", 0.6)]), slots={"clarify_context": asked})
    messages, events = _run(ActionClarified(), tracker)
    assert not any(message.get("response") == "utter_clarified_both" for message in messages)
    assert events[-1]["parse_data"]["intent"]["name"] == "consumer_counterfeit"
