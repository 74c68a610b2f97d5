"""Never the same answer twice in a row: say what is new, ask one specific question, offer a social worker.

Every time the best answer would repeat the previous turn's, the `repeats_avoided` slot counts it and a log line
names the topic, so the knowledge gap (people asking again because the answer did not help) shows in evaluation.
"""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.common import ui_text
from actions.thread import (
    ANSWERS_SENT_SLOT,
    REPEATS_SLOT,
    Topic,
    answers_sent,
    current_topic,
    previous_turn_bot_texts,
    repeats_avoided,
)
from kb.followups import followup_statements, followup_text, has_topic_answer, specific_question
from kb.render import Answer

log = logging.getLogger(__name__)
MORE = "more"
# A handoff reason every flow may use (knowledge/handoff.yml): the bot has nothing new for this person.
NOTHING_NEW_REASON = "complex"


def repeats_previous_turn(tracker: Tracker, bubbles: list[str]) -> bool:
    """True when the first bubble of an answer was already sent in answer to the previous message."""
    return bool(bubbles) and bubbles[0] in previous_turn_bot_texts(tracker)


def not_again(
    tracker: Tracker, topic: Topic | None, language: str, reason: str | None = None
) -> tuple[Answer, list[EventType]]:
    """What to send instead of a repeat: the topic's unsent extra advice, else one specific question; both with
    a social worker offered. The events count the avoided repeat."""
    log.info("repeat avoided (knowledge gap): topic=%s", topic.id if topic else None)
    events: list[EventType] = [SlotSet(REPEATS_SLOT, float(repeats_avoided(tracker) + 1))]
    sent = answers_sent(tracker)
    offer = reason or NOTHING_NEW_REASON
    if topic is not None and has_topic_answer(topic.id, MORE) and f"{topic.id}:{MORE}" not in sent:
        statements = followup_statements(topic.id, topic.service_line, MORE, language)
        text = followup_text(topic.title_in(language), MORE, statements, language)
        return Answer([text], handoff_reason=offer), events + [
            SlotSet(ANSWERS_SENT_SLOT, [*sent, f"{topic.id}:{MORE}"])
        ]
    question = specific_question(topic.id, language) if topic else ui_text("repeat.generic_question", language)
    return Answer([ui_text("repeat.ask", language).format(question=question)], handoff_reason=offer), events


# Notes every answer carries (the not-legal-advice line): repeating them is not repeating the answer.
BOILERPLATE_PREFIX = "ℹ️"


def avoid_repeat(tracker: Tracker, answer: Answer, language: str) -> tuple[Answer, list[EventType]]:
    """`answer` unchanged when it is new; without the parts just sent when only some are new (several topics in
    one answer); otherwise what to say instead. The events count every avoided repeat."""
    previous = previous_turn_bot_texts(tracker)
    fresh = [bubble for bubble in answer.bubbles if bubble not in previous]
    if len(fresh) == len(answer.bubbles):
        return answer, []
    if any(not bubble.startswith(BOILERPLATE_PREFIX) for bubble in fresh):
        log.info("repeat avoided (parts already sent): topic=%s", getattr(current_topic(tracker), "id", None))
        kept = Answer(fresh, handoff_reason=answer.handoff_reason, handoff_text=answer.handoff_text)
        return kept, [SlotSet(REPEATS_SLOT, float(repeats_avoided(tracker) + 1))]
    return not_again(tracker, current_topic(tracker), language, answer.handoff_reason)
