"""Handing the conversation to a social worker (action_handoff) and storing the 1–5 rating afterwards.

action_handoff runs for 转人工 / "talk to a person", for the flows' escalation criteria (they set
`handoff_reason` first) and on the second misunderstanding in a row. It opens the case and tells the person the
reference, what happens next and the honest wait. The conversation is not paused: while the case waits the bot
keeps giving the help it can (the relay copies every message into the case first), and once a worker holds the
case the relay takes every message before Rasa sees it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import reply_language
from actions.consultation import leave_active_form
from actions.consumer import ActionConsumerCorrection
from bot.escalation import hand_over
from store.cases import NewCase, latest_case, record_rating
from store.db import session_scope
from store.models import Role
from store.policy import policy_value, priority_for, text
from store.summary import facts_from_slots

log = logging.getLogger(__name__)
SERVICE_LINES = ("consumer", "merchant", "streamer")
RATING_SCALE = range(1, 6)
# What a rating typed without being asked looks like: "5", "4分", "⭐⭐⭐⭐", "5 stars". Anything longer that the
# NLU read as a rating ("actually it's 6 months, not 5") is a fact of the case, not feedback.
BARE_RATING = re.compile(r"^\s*([1-5]\s*(分|星|颗星|stars?|/\s*5)?|[⭐★]{1,5})\s*[.!。！]?\s*$", re.IGNORECASE)


def channel_of(sender_id: str) -> str:
    """The channel part of a sender id "<channel>-<user_key>" (see bot.conversation.rasa_sender_id)."""
    return sender_id.split("-", 1)[0] if "-" in sender_id else "rest"


def latest_topic(tracker: Tracker) -> str | None:
    """The last consultation intent of the conversation (consumer_…, merchant_…, streamer_…)."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if intent and intent.split("_", 1)[0] in SERVICE_LINES:
            return str(intent)
    return None


def conversation_lines(tracker: Tracker) -> list[tuple[Role, str]]:
    """The last user and bot messages of the conversation, oldest first (masked when stored)."""
    lines = [
        (Role.USER if event["event"] == "user" else Role.BOT, str(event["text"]))
        for event in tracker.events
        if event.get("event") in ("user", "bot") and event.get("text") and not str(event["text"]).startswith("/")
    ]
    return lines[-policy_value("transcript_seed_messages") :]


def new_case_from_tracker(tracker: Tracker, reason: str) -> NewCase:
    """Everything the store needs about this conversation for a case opened for `reason`."""
    topic = latest_topic(tracker)
    service_line = tracker.get_slot("service_line") or (topic.split("_", 1)[0] if topic else None)
    lines = conversation_lines(tracker)
    said = [str(event["text"]) for event in tracker.events if event.get("event") == "user" and event.get("text")]
    return NewCase(
        sender_id=tracker.sender_id,
        channel=channel_of(tracker.sender_id),
        language=reply_language(tracker),
        reason=reason,
        priority=priority_for(reason),
        service_line=service_line,
        topic=topic,
        facts=facts_from_slots(tracker.current_slot_values(), said),
        transcript=lines,
    )


def handoff_reason(tracker: Tracker) -> str:
    """Why this handoff happens: the flow's `handoff_reason`, else the person's own request."""
    reason = tracker.get_slot("handoff_reason")
    if reason:
        return str(reason)
    intent = tracker.latest_message.get("intent", {}).get("name")
    return "user_request" if intent == "request_human" else "complex"


class ActionHandoff(Action):
    """Open (or reuse) the person's case, tell them what happens next, and pause the bot for the human."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Hand over; if the store is unreachable, say so honestly and keep the bot answering."""
        language = reply_language(tracker)
        try:
            escalation = hand_over(new_case_from_tracker(tracker, handoff_reason(tracker)))
        except SQLAlchemyError as error:
            log.error("handoff failed, case store unavailable: %s", error)
            dispatcher.utter_message(text=text("handoff_failed", language))
            return []
        for line in escalation.texts:
            dispatcher.utter_message(text=line)
        # A form left running would keep asking stale questions while the person waits for the human.
        return [*leave_active_form(tracker), SlotSet("case_ref", escalation.case_ref)]


class ActionAskRating(Action):
    """After a worker closes the case (EXTERNAL_case_closed): say the bot is back and ask for a 1–5 rating.

    The language comes from the case, not the turn: the external event's text would read as English.
    """

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_ask_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Ask in the case's language and restore the language slot to it."""
        language = reply_language(tracker)
        try:
            with session_scope() as session:
                case = latest_case(session, tracker.sender_id)
                language = case.language if case else language
        except SQLAlchemyError as error:
            log.error("case store unavailable, asking for the rating in the slot language: %s", error)
        buttons = [{"title": str(score), "payload": f'/rate{{"rating":"{score}"}}'} for score in RATING_SCALE]
        dispatcher.utter_message(text=text("rating_request", language), buttons=buttons)
        return [SlotSet("language", language), SlotSet("rating_requested", True)]


def rating_of(tracker: Tracker) -> int | None:
    """The 1–5 rating in the latest message (the `rating` entity, or a lone digit typed by the person)."""
    value = next(tracker.get_latest_entity_values("rating"), None) or (tracker.latest_message.get("text") or "").strip()
    return int(value) if str(value).isdigit() and int(value) in RATING_SCALE else None


class ActionStoreRating(Action):
    """Store the person's 1–5 rating on their last closed case and thank them."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_store_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Thank the person whatever happens; a missing case or store error is only logged."""
        language = reply_language(tracker)
        said = str(tracker.latest_message.get("text") or "")
        tapped = said.startswith("/rate")  # the rating buttons
        if not (tracker.get_slot("rating_requested") or tapped or BARE_RATING.match(said)):
            return await ActionConsumerCorrection().run(dispatcher, tracker, domain)
        rating = rating_of(tracker)
        case = None
        if rating is not None:
            try:
                with session_scope() as session:
                    case = record_rating(session, tracker.sender_id, rating)
            except SQLAlchemyError as error:
                log.error("could not store the rating: %s", error)
        if case is not None:
            dispatcher.utter_message(text=text("rating_thanks", language, rating=rating))
        else:
            dispatcher.utter_message(text=text("rating_without_case", language))
        return [SlotSet("rating_requested", False)]
