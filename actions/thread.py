"""The thread of a conversation as the tracker holds it: the current topic, the person's numbers, what was sent.

Follow-up answers and the no-repeat rule both read the conversation from here, so "what are we talking about"
is decided in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rasa_sdk import Tracker

from actions.common import pick, ui_text
from kb.casework.case import case_facts
from kb.casework.remedies import problem_specs
from kb.consumer import case_for_intent, case_types
from kb.fact_answers import is_fact_answer, names_a_problem
from kb.knowledge import document
from kb.merchant import topics_for
from kb.topics import topic_for_intent

ANSWERS_SENT_SLOT = "answers_sent"
REPEATS_SLOT = "repeats_avoided"
# The casework problems answered so far (ids of knowledge/casework/problems.yml).
ANSWERED_SLOT = "casework_answered"


@dataclass(frozen=True)
class Topic:
    """A consumer case type or a merchant/streamer topic the conversation is about."""

    id: str
    service_line: str
    title: Mapping[str, str]

    def title_in(self, language: str) -> str:
        """The topic's title in `language`."""
        return str(pick(self.title, language))


def topic_of_intent(intent: str | None) -> Topic | None:
    """The topic a consultation intent opens (consumer_counterfeit → counterfeit), or None."""
    if not intent:
        return None
    case = case_for_intent(intent)
    if case is not None:
        return Topic(case["id"], "consumer", case["title"])
    topic = topic_for_intent(intent)
    if topic is not None:
        return Topic(topic["id"], intent.split("_", 1)[0], topic["title"])
    return None


def _intent(event: Mapping[str, Any]) -> str | None:
    name = (event.get("parse_data") or {}).get("intent", {}).get("name")
    return str(name) if name else None


def _consumer_topic(case_id: Any) -> Topic | None:
    case = case_types().get(str(case_id)) if case_id else None
    return Topic(case["id"], "consumer", case["title"]) if case else None


def _topic_opened_by(event: Mapping[str, Any]) -> Topic | None:
    """The topic an event opened: a merchant/streamer question, or the consumer case type the flow set.

    Consumer intents are not read directly: an answer to the form ("I kept the order") may be misread as another
    consumer problem, and the form itself decides whether the case type changed (the `case_type` slot).
    """
    if event.get("event") == "slot" and event.get("name") == "case_type":
        return _consumer_topic(event.get("value"))
    if event.get("event") == "user":
        text = str(event.get("text") or "")
        if is_fact_answer(text):
            return None  # "有充值明细" gives a fact of the case; whatever the intent guess, it opens nothing
        topic = _merchant_topic(text, _intent(event)) or topic_of_intent(_intent(event))
        return topic if topic is not None and topic.service_line != "consumer" else None
    return None


def _merchant_topic(text: str, intent: str | None) -> Topic | None:
    """The merchant topic the answer was about: the one the message's words name first (kb/merchant.py), so a
    follow-up on "直播间被限流了" is about penalties, not the intent's default topic."""
    if not intent or not intent.startswith("merchant_"):
        return None
    chosen = topics_for(text, intent)
    return Topic(chosen[0]["id"], "merchant", chosen[0]["title"]) if chosen else None


def current_topic(tracker: Tracker) -> Topic | None:
    """The topic the conversation is on: the latest one opened (follow-ups and answers open none)."""
    for event in reversed(tracker.events):
        topic = _topic_opened_by(event)
        if topic is not None:
            return topic
    return _consumer_topic(tracker.get_slot("case_type") or _answered_case(tracker))


def topic_asked_about(tracker: Tracker) -> Topic | None:
    """The topic a follow-up is about: the current one, unless its words belong to another service line whose
    topic came earlier ("那她能去哪里申请仲裁" about the sister's wages, asked after a purchase case opened)."""
    current = current_topic(tracker)
    if current is None:
        return None
    text = str(tracker.latest_message.get("text") or "").lower()
    cues: Mapping[str, list[str]] = document("followups.yml")["line_cues"]

    def names_line(line: str) -> bool:
        return any(str(word).lower() in text for word in cues.get(line, []))

    if names_line(current.service_line):
        return current
    for event in reversed(tracker.events):
        topic = _topic_opened_by(event)
        if topic is not None and topic.service_line != current.service_line and names_line(topic.service_line):
            return topic
    return current


def _answered_case(tracker: Tracker) -> str | None:
    """The consumer case file behind the first answered problem: a complaint the casework answered straight away
    (read as "giving details") is still the consumer topic its follow-ups are about."""
    cases = {spec["id"]: spec.get("case") for spec in problem_specs()}
    return next((cases[p] for p in tracker.get_slot(ANSWERED_SLOT) or [] if cases.get(p)), None)


def ranked_topic(tracker: Tracker) -> Topic | None:
    """The most likely topic when none is under way yet: the latest message's, from the NLU ranking, when it names
    one with some confidence; else the one of the person's earlier messages ("is it too late to report it?" after
    an unclear story of paying off-platform is about that story, not a merchant's bad review)."""
    floor = float(document("followups.yml")["topic_min_confidence"])
    parses = [e.get("parse_data") or {} for e in reversed(tracker.events) if e.get("event") == "user"]
    for parse in parses or [tracker.latest_message]:
        topic = _topic_ranked_in(parse, floor)
        if topic is not None:
            return topic
    # Nothing named clearly anywhere ("商家不给退怎么办" as a first message): the latest message's best guess, when
    # its words name a problem at all ("被骗了怎么办" does not: the person is asked what happened).
    latest = str(tracker.latest_message.get("text") or "")
    return _topic_ranked_in(tracker.latest_message, 0.0) if names_a_problem(latest) else None


def _topic_ranked_in(parse: Mapping[str, Any], floor: float) -> Topic | None:
    """The first topic in a parse's intent ranking with at least `floor` confidence."""
    for ranked in parse.get("intent_ranking") or []:
        topic = topic_of_intent(ranked.get("name"))
        if topic is not None and float(ranked.get("confidence") or 0.0) >= floor:
            return topic
    return None


def _since_topic(tracker: Tracker) -> Iterator[dict[str, Any]]:
    """User messages from the one that opened the current topic to now."""
    events = tracker.events
    opened = next((index for index in range(len(events) - 1, -1, -1) if _topic_opened_by(events[index])), 0)
    # A case type is set by the action after the message that opened it: start from that message.
    start = next((index for index in range(opened, -1, -1) if events[index].get("event") == "user"), 0)
    yield from (event for event in events[start:] if event.get("event") == "user")


def yuan(value: Any) -> str | None:
    """A money value written for the person ("¥8,000", "¥12.50"), or None when it is not a number."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return f"¥{number:,.0f}" if number == number.to_integral() else f"¥{number:,.2f}"


def amounts_mentioned(tracker: Tracker) -> list[str]:
    """Every amount the person gave since the topic began, in their order, each once."""
    amounts: list[str] = []
    for event in _since_topic(tracker):
        for entity in (event.get("parse_data") or {}).get("entities") or []:
            text = yuan(entity.get("value")) if entity.get("entity") == "money" else None
            if text and text not in amounts:
                amounts.append(text)
    return amounts


def _platform_label(value: str, language: str) -> str:
    options = document("questions.yml")["platform"].get("buttons", [])
    return next((str(pick(option, language)) for option in options if option["value"] == value), value)


def facts_line(tracker: Tracker, topic: Topic, language: str) -> str | None:
    """The person's own facts the answer rests on ("按你说的情况：抖音，¥8,000。"), or None when none are known."""
    facts: list[str] = []
    platform = tracker.get_slot("platform")
    if platform:
        facts.append(_platform_label(str(platform), language))
    paid = None
    if topic.service_line == "consumer":
        # The fact model's price: a correction without a money entity ("说错了，是1500") updates it, not the slot.
        paid = yuan(
            case_facts(tracker.events, tracker.current_slot_values()).amount("paid") or tracker.get_slot("amount_paid")
        )
    amounts = [paid] if paid else amounts_mentioned(tracker)
    if amounts:
        joined = ("、" if language == "zh" else ", ").join(amounts)
        facts.append(ui_text("followup.amounts", language).format(amounts=joined))
    if not facts:
        return None
    return ui_text("followup.your_facts", language).format(facts=("，" if language == "zh" else "; ").join(facts))


def previous_turn_bot_texts(tracker: Tracker) -> list[str]:
    """What the bot said in answer to the person's previous message (the turn before this one)."""
    texts: list[str] = []
    users_seen = 0
    latest = tracker.latest_message.get("text")
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if users_seen == 1 and not texts and event.get("text") == latest:
                continue  # the same message read again with another intent (actions/consumer.py) is one turn
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1 and event.get("text"):
            texts.append(str(event["text"]))
    return texts


def answers_sent(tracker: Tracker) -> list[str]:
    """ "<topic>:<kind>" of the follow-up answers already sent in this conversation."""
    return [str(item) for item in tracker.get_slot(ANSWERS_SENT_SLOT) or []]


def repeats_avoided(tracker: Tracker) -> int:
    """How many times an answer would have repeated the previous one."""
    return int(tracker.get_slot(REPEATS_SLOT) or 0)
