"""Merchant consultations: cited topic procedures and the live-selling pitch checker."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import reply_language
from actions.consultation import ConsultationAction, TopicAdvice, leave_active_form, send_answer
from kb.pitch import pitch_report, script_in_message
from kb.render import Answer


class ActionMerchantAdvice(TopicAdvice):
    """Merchant topics: licences, banned claims, fake orders, influencer fees, traffic, costs, support."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_merchant_advice"

    def after(self, tracker: Tracker) -> list[EventType]:
        """Record the service line as well."""
        return super().after(tracker) + [SlotSet("service_line", "merchant")]


class ActionPitchCheck(ConsultationAction):
    """Check a pasted title or script; when the message holds none, ask for it with `pitch_form`."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_pitch_check"

    def _script(self, tracker: Tracker) -> str | None:
        pasted = tracker.get_slot("pitch_text")
        if pasted:
            return str(pasted)
        if tracker.latest_message.get("intent", {}).get("name") == "merchant_pitch_check":
            return script_in_message(tracker.latest_message.get("text") or "")
        return None

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The checker's report for the script, or None when there is no script yet."""
        script = self._script(tracker)
        return Answer(bubbles=pitch_report(script, language)) if script else None

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Report on the script, or ask for it and open the form that waits for it."""
        language = reply_language(tracker)
        answer = self.answer(tracker, language)
        if answer is None:
            # The form asks for the script (utter_ask_pitch_text) and brings it back here.
            return leave_active_form(tracker) + [FollowupAction("pitch_form")]
        return send_answer(dispatcher, answer, language) + [
            SlotSet("pitch_text", None),
            SlotSet("service_line", "merchant"),
        ]
