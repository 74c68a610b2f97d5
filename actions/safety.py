"""The crisis action: any sign of suicide, self-harm or danger to someone stops the normal flow at once.

The person always gets the hotlines in this same turn, before and independent of the case store; then an
urgent case alerts every on-duty worker and the bot pauses so a human takes over. If no case could be opened
the bot does not pause, so the person is never left talking to silence.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import reply_language
from actions.consultation import leave_active_form
from actions.handoff import new_case_from_tracker
from bot.escalation import open_urgent_case
from nlu.safety import assess
from store.policy import crisis_reply, text

log = logging.getLogger(__name__)

INTENT_KINDS = {"safety_suicide_risk": "suicide_risk", "safety_danger_to_others": "danger_to_others"}


def crisis_kind(tracker: Tracker) -> str:
    """suicide_risk or danger_to_others, from the intent or else the local detector (suicide risk if unsure)."""
    intent = tracker.latest_message.get("intent", {}).get("name")
    if intent in INTENT_KINDS:
        return INTENT_KINDS[intent]
    return assess(tracker.latest_message.get("text") or "").kind or "suicide_risk"


class ActionCrisis(Action):
    """Warm short reply with the hotlines, an urgent case for a human, then pause for the worker."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the crisis; pause only when a case now holds the conversation."""
        kind = crisis_kind(tracker)
        language = reply_language(tracker)
        dispatcher.utter_message(text=crisis_reply(kind, language))
        # A crisis stops whatever flow was running (its form would otherwise resume later).
        events: list[EventType] = [*leave_active_form(tracker), SlotSet("handoff_reason", kind)]
        try:
            escalation = open_urgent_case(kind, new_case_from_tracker(tracker, kind))
        except Exception:  # whatever breaks, the person must hear what to do instead of an error
            log.exception("crisis case could not be opened")
            dispatcher.utter_message(text=text("crisis_store_failed", language))
            return events
        for line in escalation.texts:
            dispatcher.utter_message(text=line)
        if escalation.case_ref is not None:
            events += [SlotSet("case_ref", escalation.case_ref), ConversationPaused()]
        return events
