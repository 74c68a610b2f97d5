"""Streamer worker-rights topics (hours, pay, contracts, mood, abuse): the casework reply for the whole case
(double wages, arrears, deductions, penalties, hours …) when the facts support it, else the topic's steps."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import casework_raised_now
from actions.common import reply_language
from actions.consultation import TopicAdvice
from kb.casework.reply import checkin_buttons
from kb.render import message
from kb.topics import topic_for_intent


class ActionStreamerAdvice(TopicAdvice):
    """Streamer topics; a wellbeing topic answered with its general steps also offers the check-in."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_streamer_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the answer; the casework reply carries its own check-in button, the topic answer gets one here."""
        language = reply_language(tracker)
        casework = casework_raised_now(tracker, language)
        events = await super().run(dispatcher, tracker, domain)
        topic = topic_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        if not casework and topic and topic.get("offer_checkin"):
            dispatcher.utter_message(
                text=message("wellbeing_checkin_offer", language),
                buttons=[{"title": title, "payload": payload} for title, payload in checkin_buttons(language)],
            )
        return events + [SlotSet("service_line", "streamer")]
