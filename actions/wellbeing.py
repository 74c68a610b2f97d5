"""Streamer wellbeing: the K6 check-in (questions, answers, warm non-diagnostic feedback)."""

from __future__ import annotations

from abc import ABC
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import pick, reply_language
from actions.consultation import (
    SKIPPED_SLOT,
    AskAction,
    ConsultationAction,
    FactsFormValidation,
    ask_actions,
    leave_active_form,
)
from kb.render import Answer
from kb.wellbeing import DEFAULT_INSTRUMENT, all_item_ids, feedback, instrument, instrument_of_item, item_ids, score

INSTRUMENT_SLOT = "wellbeing_instrument"


def chosen_instrument(tracker: Tracker) -> str:
    """The check-in this conversation runs: the button's choice (k6 or who5), K6 by default."""
    return str(tracker.get_slot(INSTRUMENT_SLOT) or DEFAULT_INSTRUMENT)


# Intents after which the check-in feedback adds the hours-and-pay angle.
LABOUR_INTENTS = {"streamer_burnout", "streamer_unpaid_wages", "streamer_no_contract", "streamer_mcn_contract"}


class ActionStartWellbeing(Action):
    """Begin the K6 check-in: close other forms, clear earlier answers, explain what it is."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_start_wellbeing"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the introduction of the chosen check-in and reset the answers."""
        chosen = next(tracker.get_latest_entity_values("instrument"), None) or DEFAULT_INSTRUMENT
        dispatcher.utter_message(text=str(pick(instrument(chosen)["intro"], reply_language(tracker))))
        resets = [SlotSet(item, None) for item in all_item_ids()]
        return leave_active_form(tracker) + resets + [SlotSet(SKIPPED_SLOT, []), SlotSet(INSTRUMENT_SLOT, chosen)]


class AskWellbeingItem(AskAction, ABC):
    """Ask one check-in question with its answer buttons (one subclass per item, built from the knowledge)."""

    def prompt(self, tracker: Tracker, language: str) -> tuple[str, list[tuple[str, str]]]:
        """ "(n/6) question" and the answer buttons (payload carries the `rating` entity)."""
        name = instrument_of_item(self.slot)
        data = instrument(name)
        item = next(entry for entry in data["items"] if entry["id"] == self.slot)
        position = item_ids(name).index(self.slot) + 1
        buttons = [
            (str(pick(answer["label"], language)), f'/inform{{"rating":"{answer["rating"]}"}}')
            for answer in data["answers"]
        ]
        return f"({position}/{len(data['items'])}) {pick(item['text'], language)}", buttons


ASK_ACTIONS = ask_actions(AskWellbeingItem, all_item_ids(), globals())


class ValidateWellbeingForm(FactsFormValidation):
    """Collect the chosen check-in's answers (buttons carry the `rating` entity); "skip" leaves one out."""

    def name(self) -> str:
        """Validation action of `wellbeing_form`."""
        return "validate_wellbeing_form"

    def needed(self, tracker: Tracker) -> list[str]:
        """Every item of the chosen check-in, in order."""
        return item_ids(chosen_instrument(tracker))


class ActionWellbeingFeedback(ConsultationAction):
    """Score the check-in and give warm, non-diagnostic feedback; a high score offers a social worker."""

    def name(self) -> str:
        """Action run when `wellbeing_form` is complete."""
        return "action_wellbeing_feedback"

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """Feedback for the band the answers fall in."""
        name = chosen_instrument(tracker)
        answers: dict[str, Any] = {item: tracker.get_slot(item) for item in item_ids(name)}
        intents = {
            event.get("parse_data", {}).get("intent", {}).get("name")
            for event in tracker.events
            if event.get("event") == "user"
        }
        return feedback(score(answers, name), language, hours_or_pay_mentioned=bool(intents & LABOUR_INTENTS))

    def after(self, tracker: Tracker) -> list[EventType]:
        """Answers are not kept after the feedback (they are sensitive)."""
        return [SlotSet(item, None) for item in all_item_ids()] + [SlotSet(SKIPPED_SLOT, None)]
