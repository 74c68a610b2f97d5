"""Follow-up questions answered from the case under way ("how do I prove it?", "can I sue?", "explain in English").

The topic comes from the conversation (actions/thread.py), the answers from knowledge/followups.yml, so a
follow-up never restarts the intake. A message asking two things ("explain in English, and does the 7 days
matter?") gets both answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import (
    casework_reply,
    followed_up_problem,
    other_problem_followed_up,
    send_case_reply,
    send_precedent,
)
from actions.common import SUPPORTED_LANGUAGES, reply_language, ui_text
from actions.consultation import SKIPPED_SLOT, handoff_button, send_answer
from actions.in_context import answer_in_context
from actions.repeats import not_again, repeats_previous_turn
from actions.thread import (
    ANSWERS_SENT_SLOT,
    Topic,
    answers_sent,
    current_topic,
    facts_line,
    ranked_topic,
    topic_asked_about,
)
from kb.calculators import parse_amount
from kb.consumer import Facts, consumer_answer
from kb.followups import (
    FOLLOWUPS_FILE,
    TRANSLATE,
    cued_kinds,
    followup_statements,
    followup_text,
    has_topic_answer,
    kind_for_intent,
    kind_label,
)
from kb.knowledge import document
from kb.render import Answer
from kb.topics import topic_answer

# A message naming no known kind still asks about the case: answer what bears on it.
DEFAULT_KIND = "matters"
MAX_KINDS_PER_MESSAGE = 2


def requested_language(tracker: Tracker) -> str:
    """The language an "explain in English / 用中文说" message asks for (its `language` entity, else the other one)."""
    chosen = next(tracker.get_latest_entity_values("language"), None)
    if chosen in SUPPORTED_LANGUAGES:
        return str(chosen)
    return "en" if reply_language(tracker) == "zh" else "zh"


def kinds_asked(tracker: Tracker) -> list[str]:
    """The kinds of question in the latest message: the intent's, then one more named by cue words; a request to
    explain in the other language comes first, since the other answers must be in that language."""
    first = kind_for_intent(tracker.latest_message.get("intent", {}).get("name", "")) or DEFAULT_KIND
    text = tracker.latest_message.get("text") or ""
    cued = [kind for kind in cued_kinds(text) if kind != first]
    # "Does it matter?" is also what a vague follow-up is read as: a kind the words name ("能当证据吗") leads.
    kinds = [*cued, first] if first == DEFAULT_KIND else [first, *cued]
    if TRANSLATE in kinds:
        kinds.remove(TRANSLATE)
        return [TRANSLATE, *kinds[: MAX_KINDS_PER_MESSAGE - 1]]
    return kinds[:MAX_KINDS_PER_MESSAGE]


def topic_answer_in(tracker: Tracker, topic: Topic, language: str) -> Answer:
    """The topic's main answer for this case's facts, in `language` (used to explain it again)."""
    if topic.service_line == "consumer":
        # The casework reply is the consumer answer for the whole case; the case type's steps if it hears none.
        reply = casework_reply(tracker, language, recompute=True)
        if reply is not None:
            return Answer(bubbles=list(reply.messages))
        return consumer_answer(topic.id, _slot_facts(tracker), language, date.today())
    return topic_answer(topic.id, language)


def _slot_facts(tracker: Tracker) -> Facts:
    days = parse_amount(tracker.get_slot("days_since_receipt"))
    return Facts(
        platform=tracker.get_slot("platform"),
        product_category=tracker.get_slot("product_category"),
        amount_paid=parse_amount(tracker.get_slot("amount_paid")),
        days_since_receipt=int(days) if days is not None else None,
        evidence_kept=tracker.get_slot("evidence_kept"),
    )


def followup_bubbles(tracker: Tracker, topic: Topic, kinds: list[str], language: str) -> list[str]:
    """One cited answer per kind asked, the person's facts on the last one; a plain "not sure" when none exists."""
    bubbles = []
    for kind in kinds:
        statements = followup_statements(topic.id, topic.service_line, kind, language)
        if statements:
            bubbles.append(followup_text(topic.title_in(language), kind, statements, language))
    if not bubbles:
        return [ui_text("followup.no_answer", language)]
    # The person's facts since the current topic began belong to it, not to an earlier topic asked about again
    # (the earphones' ¥300 is no fact of the sister's wages).
    facts = facts_line(tracker, topic, language) if topic == current_topic(tracker) else None
    if facts:
        bubbles[-1] += "\n" + facts
    return bubbles


class ActionAnswerFollowup(Action):
    """Answer a follow-up question about the current topic; with no topic yet, start the one it points to."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_answer_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Explain again in the other language, or answer the kinds of question asked, never the same twice."""
        kinds = kinds_asked(tracker)
        topic = topic_asked_about(tracker)
        if kinds[0] == TRANSLATE:
            return self._explain_in(dispatcher, tracker, topic, kinds[1:])
        language = reply_language(tracker)
        # "说错了，是8个月" read as "does it matter?" corrects the case; "what about 'natural'?" asks about a claim.
        given = answer_in_context(dispatcher, tracker, language, heading=kind_label(kinds[0], language))
        if given is not None:
            return given
        if topic is None:
            return self._start_topic(dispatcher, tracker, language)
        other = other_problem_followed_up(tracker, language, kind_label(kinds[0], language), topic.id)
        if other is not None:
            return send_case_reply(dispatcher, tracker, other)
        if kinds[0] == DEFAULT_KIND and not has_topic_answer(topic.id, DEFAULT_KIND):
            # "Does it matter / can I get it back?" on a case the casework answered, where the topic has no answer
            # of its own to "does it matter": the detail of the problem asked about, with the case's numbers.
            detail = followed_up_problem(tracker, language, kind_label(DEFAULT_KIND, language))
            if detail is not None:
                return send_case_reply(dispatcher, tracker, detail)
        return self._answer(dispatcher, tracker, topic, kinds, language)

    def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic, kinds: list[str], language: str
    ) -> list[EventType]:
        bubbles = followup_bubbles(tracker, topic, kinds, language)
        if repeats_previous_turn(tracker, bubbles):
            answer, events = not_again(tracker, topic, language)
            return send_answer(dispatcher, answer, language) + events
        for bubble in bubbles[:-1]:
            dispatcher.utter_message(text=bubble)
        dispatcher.utter_message(text=bubbles[-1], buttons=handoff_button(language))
        sent = answers_sent(tracker)
        new = [f"{topic.id}:{kind}" for kind in kinds if f"{topic.id}:{kind}" not in sent]
        return [SlotSet(ANSWERS_SENT_SLOT, sent + new)] if new else []

    def _explain_in(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic | None, more_kinds: list[str]
    ) -> list[EventType]:
        language = requested_language(tracker)
        events: list[EventType] = [SlotSet("language", language), SlotSet("language_locked", True)]
        if topic is None:
            dispatcher.utter_message(text=ui_text("language_set", language))
            return events
        answer = topic_answer_in(tracker, topic, language)
        if more_kinds:
            # Already answered in this language last turn: only the other question is new.
            if not repeats_previous_turn(tracker, answer.bubbles):
                events += send_answer(dispatcher, answer, language)
            return events + self._answer(dispatcher, tracker, topic, more_kinds, language)
        if repeats_previous_turn(tracker, answer.bubbles):
            answer, noted = not_again(tracker, topic, language)
            events += noted
        return events + send_answer(dispatcher, answer, language)

    def _start_topic(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType]:
        # A first message that reads like a follow-up ("商家不给退怎么办") is a new problem: open its topic.
        topic = ranked_topic(tracker)
        if topic is None:
            dispatcher.utter_message(text=ui_text("followup.no_topic", language))
            return []
        line: list[Any] = [SlotSet("service_line", topic.service_line)]
        if topic.service_line == "consumer":
            return [
                *line,
                SlotSet("case_type", topic.id),
                SlotSet(SKIPPED_SLOT, []),
                FollowupAction("consumer_case_form"),
            ]
        # "这样会被怎么处罚？" after a story like a published case: how that case was decided comes first.
        send_precedent(dispatcher, tracker, language)
        return send_answer(dispatcher, topic_answer(topic.id, language), language) + line


class ActionHelp(Action):
    """How the line works, unless a topic is open and an unsure "help" reading is really a question about it
    ("how do I turn off his password-free payments?" after the family steps): that is answered as a follow-up."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The follow-up answer for a question about the open topic, else the help text."""
        from actions.fallback import asks_about_case  # fallback imports this module

        intent = tracker.latest_message.get("intent") or {}
        unsure = float(intent.get("confidence") or 0.0) < float(
            document(FOLLOWUPS_FILE)["help_min_confidence_in_topic"]
        )
        text = str(tracker.latest_message.get("text") or "")
        if unsure and current_topic(tracker) is not None and (asks_about_case(text) or cued_kinds(text)):
            return await ActionAnswerFollowup().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_help")
        return []
