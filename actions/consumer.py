"""Consumer consultations: open a case from the problem described, collect missing facts, answer with the procedure."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import (
    ANSWERED_SLOT,
    ASKED_SLOT,
    DETAILED_SLOT,
    FORM_FACTS,
    casework_reply,
    send_case_reply,
    send_precedent,
)
from actions.common import pick, reply_language
from actions.consultation import SKIPPED_SLOT, FactsFormValidation, leave_active_form
from actions.facts_given import corrects_a_fact, fact_answer_in_case, send_fact, send_recomputed
from kb.calculators import parse_amount
from kb.casework.case import case_facts
from kb.casework.facts import CaseFacts, starts_new_purchase
from kb.casework.remedies import Problem, assess
from kb.compliance.asking import claims_asked
from kb.consumer import case_for_intent
from kb.fact_answers import names_a_problem
from kb.render import message
from nlu.normalise import parse_days_ago, parse_money

# The facts the consumer form may ask for; the casework rules decide which of them the answer depends on.
FORM_SLOTS = FORM_FACTS

# Fact slot → the entity that fills it (docs/contracts.md); facts the first message gave are kept.
FACT_ENTITIES = {
    "platform": "platform",
    "product_category": "product_category",
    "amount_paid": "money",
    "days_since_receipt": "days_ago",
    "evidence_kept": None,
}


def _mentioned_entities(tracker: Tracker) -> set[str]:
    return {entity.get("entity") for entity in tracker.latest_message.get("entities", [])}


CLAIM_QUESTION_INTENT = "merchant_pitch_check"


def asks_about_claims(tracker: Tracker) -> bool:
    """True when the message asks whether a claim may be said ("Can I say my cream whitens skin?") and names no
    consumer problem of its own: a seller's question, whatever the consumer intent the classifier guessed."""
    text = str(tracker.latest_message.get("text") or "")
    return bool(claims_asked(text)) and not names_a_problem(text)


def read_again_as(tracker: Tracker, intent: str) -> list[EventType]:
    """The latest message read again with `intent` (the rules then answer it as that)."""
    parse = dict(tracker.latest_message)
    parse["intent"] = {"name": intent, "confidence": 1.0}
    parse["intent_ranking"] = [parse["intent"]]
    parse["problems"] = [{"intent": intent, "confidence": 1.0}]
    return [ActionExecuted("action_listen"), UserUttered(parse.get("text"), parse)]


def in_claims_conversation(tracker: Tracker) -> bool:
    """True when the message follows up a claim just checked ("Sorry, it's a body lotion, not a face cream"),
    which the classifier may read as a buyer's cosmetics problem."""
    from actions.merchant import claim_followup_answer  # merchant → consultation → this module's neighbours

    return claim_followup_answer(tracker, reply_language(tracker)) is not None


def as_claim_question(tracker: Tracker) -> list[EventType]:
    """The message read again as the claim question it is (the claim checker answers it)."""
    return read_again_as(tracker, CLAIM_QUESTION_INTENT)


def new_purchase_case(tracker: Tracker) -> str | None:
    """The consumer problem of a message about another purchase ("另外我在快手买的面膜用了过敏了，花了300"), read
    as a mere fact of the case under way: the detector's or the ranking's best consumer case, else None."""
    if not starts_new_purchase(str(tracker.latest_message.get("text") or "")):
        return None
    guesses = [*(tracker.latest_message.get("problems") or []), *(tracker.latest_message.get("intent_ranking") or [])]
    names = [str(guess.get("intent") or guess.get("name") or "") for guess in guesses if isinstance(guess, dict)]
    return next((name for name in names if case_for_intent(name) is not None), None)


class ActionStartConsumerCase(Action):
    """Open the case type named by the intent; forget facts of an earlier case the new message did not repeat."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_start_consumer_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Set `case_type`, clear stale facts, keep what this message said; a published case like it comes first."""
        case = case_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        if case is not None and (asks_about_claims(tracker) or in_claims_conversation(tracker)):
            return as_claim_question(tracker)
        # "对了，其实是1580元，不是1280", or "他们把我拉黑了" in a worker's or merchant's case, read as a new consumer
        # problem: a fact of the case under way, which is recomputed; nothing opens.
        other_case_fact = not tracker.get_slot("case_type") and fact_answer_in_case(tracker)
        if case is not None and (corrects_a_fact(tracker, reply_language(tracker)) or other_case_fact):
            return [*(send_fact(dispatcher, tracker, reply_language(tracker)) or []), FollowupAction("action_listen")]
        if case is None or (tracker.get_slot("case_type") and fact_answer_in_case(tracker)):
            # "两天前收到的" read as a new problem is an answer: the case and its facts stay; the form goes on.
            return []
        mentioned = _mentioned_entities(tracker)
        stale = [slot for slot, entity in FACT_ENTITIES.items() if entity is None or entity not in mentioned]
        # Another purchase is a case of its own: what was answered and asked about the first one starts over.
        another = starts_new_purchase(str(tracker.latest_message.get("text") or ""))
        fresh = [ANSWERED_SLOT, ASKED_SLOT] if another else []
        earlier_line = tracker.get_slot("service_line")
        if (another and tracker.get_slot("case_type")) or earlier_line not in (None, "consumer"):
            # "另外我买的耳机是假的" after a wage case: say that a new matter opens and the first one is not lost,
            # before the form's first question.
            language = reply_language(tracker)
            dispatcher.utter_message(text=message("new_case_opened", language, title=pick(case["title"], language)))
        events = (
            leave_active_form(tracker)
            + [SlotSet(slot, None) for slot in [*stale, *fresh]]
            + [SlotSet("case_type", case["id"]), SlotSet(SKIPPED_SLOT, []), SlotSet("service_line", "consumer")]
            + [SlotSet(DETAILED_SLOT, [])]
        )
        # Someone who was hurt hears to look after their health before the form's first money question (an
        # answer that comes at once already starts with it); then everyone hears how a case like theirs was decided.
        tracker.add_slots(events)
        facts, problems = _case_now(tracker)
        # The injury problems' own answer starts with the doctor; any other problem does not, so it is said first.
        injury_answered = any(problem.spec.get("handoff") == INJURY_HANDOFF for problem in problems)
        if _hurt(facts) and (facts_needed(facts, problems) or not injury_answered):
            dispatcher.utter_message(text=message("health_first", reply_language(tracker)))
        elif (
            (medicine := _problem(problems, MEDICINE_PROBLEM)) and medicine.next_steps and facts_needed(facts, problems)
        ):
            # Prescribed medicine stopped for a "cure": its first step (worded for a relative too) comes before the
            # form asks what was paid.
            dispatcher.utter_message(text=medicine.next_steps[0].render(reply_language(tracker)))
        send_precedent(dispatcher, tracker, reply_language(tracker))
        return events


def asked_before(tracker: Tracker) -> set[str]:
    """The form questions asked before the latest message (its answer, if any, is read from that message)."""
    last_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    return {
        str(e["value"])
        for e in tracker.events[:last_user]
        if e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value")
    }


# Problems whose answer starts with seeing a doctor (their handoff reason in knowledge/casework/problems.yml), and
# the fact that says someone was hurt (knowledge/casework/signals.yml): mouldy honey still asks the price first,
# diarrhoea does not.
INJURY_HANDOFF = "serious_injury"
HURT_FACT = "someone_hurt"
MEDICINE_PROBLEM = "medicine_stopped"  # knowledge/casework/problems.yml
DATE_SLOTS = ("days_since_receipt",)


def _case_now(tracker: Tracker) -> tuple[CaseFacts, list[Problem]]:
    facts = case_facts(tracker.events, tracker.current_slot_values())
    return facts, assess(facts, reply_language(tracker), date.today())


def _problem(problems: list[Problem], problem_id: str) -> Problem | None:
    return next((problem for problem in problems if problem.id == problem_id), None)


def _hurt(facts: CaseFacts) -> bool:
    """True when the person (or whoever used the product) was hurt by it: food or a cosmetic made them ill."""
    # Hurt is hurt, whatever the problem was read as ("supplement吃了过敏" read as after-sales still hears it).
    return facts.has(HURT_FACT)


def facts_needed(facts: CaseFacts, problems: list[Problem]) -> list[str]:
    """Only the facts the answer depends on and nobody said yet: the price for a 3× or 10× sum, the loss
    when someone was harmed, the delivery date for a 7-day return."""
    # Each remedy says which missing fact its answer turns on (the 7-day rule asks the delivery date;
    # not when the goods were fake, which can be returned later anyway).
    wanted = [remedy.ask for problem in problems for remedy in problem.remedies if remedy.ask in FORM_SLOTS]
    if _hurt(facts):
        # Someone was hurt: the sum they can claim is worth one question, the delivery date is not; the answer
        # (see a doctor, keep the records) comes before it.
        wanted = [slot for slot in wanted if slot not in DATE_SLOTS]
    return [str(slot) for slot in dict.fromkeys(wanted)]


class ValidateConsumerCaseForm(FactsFormValidation):
    """Ask only for the facts the case type's answer depends on; follow a switch to another consumer problem."""

    def name(self) -> str:
        """Validation action of `consumer_case_form`."""
        return "validate_consumer_case_form"

    def needed(self, tracker: Tracker) -> list[str]:
        """The facts the answer still depends on (`facts_needed`)."""
        return facts_needed(*_case_now(tracker))

    def before_validation(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """Skip on "不知道"; on a different consumer problem, switch the case type and say so; a question the
        person passed over (they gave another fact instead) is not asked twice."""
        case = case_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        requested = tracker.get_slot("requested_slot")
        # A message that answered the question (e.g. free text about evidence) is an answer, not a new topic.
        answered = self._answers(dispatcher, tracker, requested)
        switched = case is not None and case["id"] != tracker.get_slot("case_type")
        if switched and not answered and not fact_answer_in_case(tracker):
            language = reply_language(tracker)
            title = pick(case["title"], language) if case else ""
            dispatcher.utter_message(text=message("topic_switched", language, title=title))
            return [SlotSet("case_type", case["id"] if case else None), SlotSet(SKIPPED_SLOT, [])]
        return super().before_validation(dispatcher, tracker)

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The needed facts minus those skipped and those already asked in this conversation: a question the
        person passed over (they gave another fact instead) is never asked twice; the answer says what it lacks."""
        needed = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        asked = asked_before(tracker)
        return [slot for slot in needed if slot not in asked]

    def _answers(self, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str | None) -> bool:
        """True when the latest message gives a usable value for the question asked (its validator keeps it)."""
        value = tracker.slots_to_validate().get(requested) if requested else None
        if value is None:
            return False
        validator = getattr(self, f"validate_{requested}", None)
        return validator is None or validator(value, dispatcher, tracker, {}).get(requested) is not None

    def validate_amount_paid(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a price as a float ("299", "299块", "两百"); anything else is asked again."""
        number = parse_amount(value) or parse_amount(parse_money(str(value)))
        return {"amount_paid": float(number) if number is not None else None}

    def validate_loss_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a loss (medical bills …) as a float; the fact model reads it as the loss, not the price."""
        number = parse_amount(value) or parse_amount(parse_money(str(value)))
        return {"loss_amount": float(number) if number is not None else None}

    def validate_days_since_receipt(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep whole days ago as a float ("3", "三天前", "3 days ago"); anything else is asked again."""
        text = str(value)
        number = parse_amount(value) or parse_amount(parse_days_ago(text, date.today()) or parse_money(text))
        return {"days_since_receipt": float(int(number)) if number is not None else None}


class ActionConsumerAdvice(Action):
    """Answer the whole case in the casework shape: every remedy the facts support, most urgent first."""

    def name(self) -> str:
        """Action run when `consumer_case_form` is complete."""
        return "action_consumer_advice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the casework reply (the form asked what it needed, so nothing is asked again here)."""
        if tracker.get_slot(ANSWERED_SLOT) and fact_answer_in_case(tracker):
            # Only a fact of the case already answered: recompute, never the same answer again.
            recomputed = send_recomputed(dispatcher, tracker, reply_language(tracker))
            if recomputed is not None:
                return recomputed + [SlotSet(SKIPPED_SLOT, None)]
        reply = casework_reply(tracker, reply_language(tracker), not_to_ask=FORM_SLOTS)
        if reply is None:
            dispatcher.utter_message(response="utter_help")
            return []
        return send_case_reply(dispatcher, tracker, reply) + [SlotSet(SKIPPED_SLOT, None)]


class ActionConsumerCorrection(Action):
    """A fact given after the answer ("其实是300元", "做了8个月") recomputes the whole case; inside a form,
    re-ask the question. Works for every service line: the fact model holds the facts of all turns."""

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
        another = new_purchase_case(tracker)
        if another is not None:
            return read_again_as(tracker, another)  # a case of its own, not a correction of this one
        recomputed = send_fact(dispatcher, tracker, language)
        if recomputed is None:
            dispatcher.utter_message(response="utter_help")
            return []
        return recomputed
