"""Consumer consultations: open a case from the problem described, collect missing facts, answer with the procedure."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import pick, reply_language
from actions.consultation import SKIPPED_SLOT, ConsultationAction, FactsFormValidation, leave_active_form
from kb.calculators import parse_amount
from kb.consumer import Facts, case_for_intent, case_types, consumer_answer, required_facts
from kb.render import Answer, message
from nlu.normalise import parse_days_ago, parse_money

# Fact slot → the entity that fills it (docs/contracts.md); facts the first message gave are kept.
FACT_ENTITIES = {
    "platform": "platform",
    "product_category": "product_category",
    "amount_paid": "money",
    "days_since_receipt": "days_ago",
    "evidence_kept": None,
}


def facts_from(tracker: Tracker) -> Facts:
    """The consumer facts held in the tracker's slots."""
    amount = parse_amount(tracker.get_slot("amount_paid"))
    days = parse_amount(tracker.get_slot("days_since_receipt"))
    return Facts(
        platform=tracker.get_slot("platform"),
        product_category=tracker.get_slot("product_category"),
        amount_paid=amount,
        days_since_receipt=int(days) if days is not None else None,
        evidence_kept=tracker.get_slot("evidence_kept"),
    )


def _mentioned_entities(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}


class ActionStartConsumerCase(Action):
    """Open the case type named by the intent; forget facts of an earlier case the new message did not repeat."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_start_consumer_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Set `case_type`, clear stale facts, keep what this message said."""
        case = case_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        if case is None:
            return []
        mentioned = _mentioned_entities(tracker)
        stale = [slot for slot, entity in FACT_ENTITIES.items() if entity is None or entity not in mentioned]
        return (
            leave_active_form(tracker)
            + [SlotSet(slot, None) for slot in stale]
            + [SlotSet("case_type", case["id"]), SlotSet(SKIPPED_SLOT, []), SlotSet("service_line", "consumer")]
        )


class ValidateConsumerCaseForm(FactsFormValidation):
    """Ask only for the facts the case type's answer depends on; follow a switch to another consumer problem."""

    def name(self) -> str:
        """Validation action of `consumer_case_form`."""
        return "validate_consumer_case_form"

    def needed(self, tracker: Tracker) -> list[str]:
        """The case file's facts (platform, price, date received …)."""
        case_id = tracker.get_slot("case_type")
        return required_facts(case_id) if case_id in case_types() else []

    def before_validation(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Skip on "不知道"; on a different consumer problem, switch the case type and say so."""
        case = case_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        # A message that answered the question (e.g. free text about evidence) is an answer, not a new topic.
        answered = tracker.get_slot("requested_slot") in tracker.slots_to_validate()
        if case is not None and case["id"] != tracker.get_slot("case_type") and not answered:
            dispatcher.utter_message(
                text=message(
                    "topic_switched", reply_language(tracker), title=pick(case["title"], reply_language(tracker))
                )
            )
            return [SlotSet("case_type", case["id"]), SlotSet(SKIPPED_SLOT, [])]
        return super().before_validation(dispatcher, tracker)

    def validate_amount_paid(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a price as a float ("299", "299块", "两百"); anything else is asked again."""
        number = parse_amount(value) or parse_amount(parse_money(str(value)))
        return {"amount_paid": float(number) if number is not None else None}

    def validate_days_since_receipt(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep whole days ago as a float ("3", "三天前", "3 days ago"); anything else is asked again."""
        text = str(value)
        number = parse_amount(value) or parse_amount(parse_days_ago(text, date.today()) or parse_money(text))
        return {"days_since_receipt": float(int(number)) if number is not None else None}


class ActionConsumerAdvice(ConsultationAction):
    """Answer the consumer case: computed results, cited steps, evidence checklist, hand-over when complex."""

    def name(self) -> str:
        """Action run when `consumer_case_form` is complete."""
        return "action_consumer_advice"

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The case's answer for the facts collected (unknown facts give the general rule)."""
        case_id = tracker.get_slot("case_type")
        if case_id not in case_types():
            return None
        return consumer_answer(case_id, facts_from(tracker), language, date.today())

    def after(self, tracker: Tracker) -> list[EventType]:
        """Forget skipped questions so a later case asks them again."""
        return [SlotSet(SKIPPED_SLOT, None)]


class ActionConsumerCorrection(ActionConsumerAdvice):
    """A fact given after the answer ("其实是300元") recomputes the answer; inside a form, re-ask the question."""

    def name(self) -> str:
        """Action run for `inform` outside a form (rules in dialogue/consumer.yml)."""
        return "action_consumer_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Recompute with the corrected facts, or nudge the user back to the form's question."""
        language = reply_language(tracker)
        if tracker.active_loop.get("name"):
            # The form could not use this message; after this reply the form asks its question again.
            dispatcher.utter_message(text=message("answer_the_question", language))
            return []
        if tracker.get_slot("case_type") not in case_types():
            dispatcher.utter_message(response="utter_help")
            return []
        dispatcher.utter_message(text=message("facts_updated", language))
        return await super().run(dispatcher, tracker, domain)
