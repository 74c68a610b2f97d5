"""From the fact model to the problems a case holds and every remedy the facts support, strongest first.

The problems and remedy rules are data (knowledge/casework/problems.yml, remedies.yml), each remedy with its
citations; this module checks their conditions against the facts and runs the calculations that put the
person's own numbers into the texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kb.calculators import fraud_compensation, unsafe_food_compensation
from kb.casework.facts import CaseFacts, employment_signs, signals
from kb.casework.relative import for_relative, relative_words
from kb.consumer import COMPUTATIONS as CONSUMER_COMPUTATIONS
from kb.consumer import Facts as ConsumerFacts
from kb.consumer import case_for_intent
from kb.deadlines import deadline_finding
from kb.knowledge import document
from kb.labour import double_wages
from kb.render import Statement, message, pick, step_statements
from kb.rules import load_rules

PROBLEMS = "casework/problems.yml"
REMEDIES = "casework/remedies.yml"


@dataclass(frozen=True)
class Remedy:
    """One remedy that applies: its short text with the person's numbers, the detail, citations, what to ask."""

    id: str
    problem: str
    text: str
    detail: str | None
    cites: tuple[str, ...]
    ask: str | None = None
    # True when the text carries the person's own numbers (a sum, their months or hours, their deadline).
    personal: bool = False

    def statement(self) -> Statement:
        """The short text with its citations."""
        return Statement(self.text, self.cites)


@dataclass(frozen=True)
class Problem:
    """A problem heard in the case, with its remedies (strongest first), next steps and evidence to keep."""

    id: str
    title: str
    urgency: int
    heard_turn: int
    remedies: tuple[Remedy, ...]
    next_steps: tuple[Statement, ...]
    evidence: tuple[str, ...]
    spec: Mapping[str, Any]
    case: str | None = None

    @property
    def ask(self) -> str | None:
        """The one missing fact that would change this problem's answer, if any."""
        return next((remedy.ask for remedy in self.remedies if remedy.ask), None)


def problem_specs() -> list[dict[str, Any]]:
    """Every problem the casework knows, as in knowledge/casework/problems.yml."""
    return list(document(PROBLEMS)["problems"])


def remedy_specs() -> list[dict[str, Any]]:
    """Every remedy rule, in strength order within its problem."""
    return list(document(REMEDIES)["remedies"])


def _label(key: str, language: str) -> str:
    return str(pick(signals()["labels"][key], language))


def money(value: Decimal) -> str:
    """An amount as the person reads it: ¥-free, thousands separated, no trailing zeros."""
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.2f}"


# A calculation returns the placeholders of `text` (None when its input is missing) and a fact worth asking.
Computed = tuple[dict[str, Any] | None, str | None]


def _what(facts: CaseFacts, language: str) -> str:
    """How the misrepresentation is named: a false material first, then a fake, then false claims."""
    kinds = ("misrepresented_material", "counterfeit", "false_claim")
    return _label(next((kind for kind in kinds if facts.has(kind)), "counterfeit"), language)


def _fraud(facts: CaseFacts, language: str, today: date) -> Computed:
    price = facts.amount("paid")
    what = _what(facts, language)
    if price is None:
        return None, "amount_paid"
    rules = load_rules()
    amount = fraud_compensation(price, rules)
    triple = price * rules.fraud_multiplier
    # The claim is named again only when the minimum lifts it ("3 × ¥150 = ¥450, so ¥500").
    minimum_part = message("casework_minimum_part", language, amount=money(amount)) if amount > triple else ""
    return {"what": what, "price": money(price), "triple": money(triple), "minimum_part": minimum_part}, None


def _food(facts: CaseFacts, language: str, today: date) -> Computed:
    price, loss = facts.amount("paid"), facts.amount("loss")
    if price is None:
        return None, "amount_paid"
    rules = load_rules()
    working = f"10 × ¥{money(price)} = ¥{money(price * rules.food_price_multiplier)}"
    if loss is not None:
        working += message("casework_food_loss_working", language, loss=money(loss), triple=money(loss * 3))
    amount = unsafe_food_compensation(price, loss, rules)
    # The loss matters when someone was harmed: 3× a large medical bill can beat 10× a cheap price.
    ask = "loss_amount" if loss is None and facts.has("health_harm") else None
    return {"working": working, "amount": money(amount)}, ask


def _promise(facts: CaseFacts, language: str, today: date) -> Computed:
    multiplier = Decimal(str(facts.values.get("promise_multiplier") or 0))
    price = facts.amount("paid")
    if price is None:
        return None, "amount_paid"
    return {"n": money(multiplier), "price": money(price), "promised": money(multiplier * price)}, None


def _return_window(facts: CaseFacts, language: str, today: date) -> Computed:
    days = facts.values.get("days_since_receipt")
    if days is None:
        return None, "days_since_receipt"  # the 7-day window is the answer, so the date is worth asking
    consumer = ConsumerFacts(days_since_receipt=int(days), product_category=facts.values.get("product_category"))
    finding = CONSUMER_COMPUTATIONS["seven_day_window"](consumer, today, language)
    return {"window": " ".join(statement.text for statement in finding.statements)}, None


def _part(amount: Decimal | None, key: str, language: str) -> str:
    return message(key, language, amount=money(amount)) if amount is not None else ""


def _deducted(facts: CaseFacts, language: str, today: date) -> Computed:
    return {"deducted_part": _part(facts.amount("deducted"), "casework_amount_part", language)}, None


def _paid(facts: CaseFacts, language: str, today: date) -> Computed:
    # What the person handed over: a buyer's price, or a merchant's fee.
    handed = facts.amount("paid") if facts.amount("paid") is not None else facts.amount("fee")
    return {"paid_part": _part(handed, "casework_amount_part", language)}, None


def _loss(facts: CaseFacts, language: str, today: date) -> Computed:
    return {"loss_part": _part(facts.amount("loss"), "casework_amount_part", language)}, None


def _owed(facts: CaseFacts, language: str, today: date) -> Computed:
    short = facts.short_pay()
    if short is None:
        return {"owed_part": _part(facts.amount("owed"), "casework_amount_part", language)}, None
    key = "casework_owed_per_month" if short.per_month else "casework_owed_total"
    if not short.received:
        key = "casework_owed_unpaid"
    params = {"wage": short.wage, "months": short.months, "received": short.received, "owed": short.owed}
    return {"owed_part": message(key, language, **{name: money(value) for name, value in params.items()})}, None


def _penalty(facts: CaseFacts, language: str, today: date) -> Computed:
    penalty, loss = facts.amount("penalty"), facts.amount("loss")
    excess = ""
    if penalty is not None and loss is not None:
        ratio = Decimal(str(document(REMEDIES)["penalty_excess_ratio"]["value"]))
        cap = loss * ratio
        excess = message("casework_penalty_excess", language, loss=money(loss), cap=money(cap)) if penalty > cap else ""
    return {"penalty_part": _part(penalty, "casework_penalty_part", language), "excess_part": excess}, None


def _agency_fee(facts: CaseFacts, language: str, today: date) -> Computed:
    return {"fee_part": _part(facts.amount("fee"), "casework_amount_part", language)}, None


def _double_wages(facts: CaseFacts, language: str, today: date) -> Computed:
    months_worked = facts.values.get("months_worked")
    if months_worked is None:
        return None, "months_worked"
    wage = facts.amount("wage")
    result = double_wages(int(months_worked), wage)
    pay = message("double_wages_pay", language, extra=money(result.extra_pay)) if result.extra_pay else ""
    params = {
        "months_worked": months_worked,
        "months": result.months,
        "pay_part": pay,
        "open_ended": message("double_wages_open_ended", language) if result.deemed_open_ended else "",
    }
    return params, None


def _labour_deadline(facts: CaseFacts, language: str, today: date) -> Computed:
    days = facts.values.get("days_since_receipt")
    if days is None:
        return None, None
    finding = deadline_finding("labour_deadline", "labour_arbitration_years", int(days), today, language)
    return {"deadline": " ".join(statement.text for statement in finding.statements)}, None


def _employment(facts: CaseFacts, language: str, today: date) -> Computed:
    signs = employment_signs(facts)
    if not signs:
        return None, None
    joiner = "、" if language == "zh" else ", "
    return {"signs": joiner.join(_label(sign, language) for sign in signs)}, None


def _overtime(facts: CaseFacts, language: str, today: date) -> Computed:
    hours = facts.values.get("hours_per_day")
    if hours is None:
        return None, None
    return {"hours": money(Decimal(hours)), "over": money(Decimal(hours) - 8)}, None


COMPUTATIONS: dict[str, Callable[[CaseFacts, str, date], Computed]] = {
    "fraud_compensation": _fraud,
    "food_compensation": _food,
    "promise_compensation": _promise,
    "return_window": _return_window,
    "deducted": _deducted,
    "owed": _owed,
    "paid": _paid,
    "loss": _loss,
    "penalty": _penalty,
    "agency_fee": _agency_fee,
    "double_wages": _double_wages,
    "employment_signs": _employment,
    "labour_deadline": _labour_deadline,
    "overtime": _overtime,
}


def _applies(spec: Mapping[str, Any], facts: CaseFacts) -> bool:
    return (
        all(facts.has(name) for name in spec.get("when", []))
        and (not spec.get("any") or any(facts.has(name) for name in spec["any"]))
        and not any(facts.has(name) for name in spec.get("unless", []))
    )


def _feeling(facts: CaseFacts, language: str) -> str:
    feelings = signals()["feelings"]
    named = [str(pick(feelings[name], language)) for name in facts.feelings if name in ("exhausted", "sleepless")]
    return ("、" if language == "zh" else " and ").join(named) or _label("no_feeling", language)


def remedy(spec: Mapping[str, Any], facts: CaseFacts, language: str, today: date) -> Remedy:
    """One remedy rule applied to the facts: numbers filled in, or the general text and what to ask."""
    params: dict[str, Any] | None = {}
    ask = None
    if spec.get("compute"):
        params, ask = COMPUTATIONS[spec["compute"]](facts, language, today)
    template = for_relative(spec, "text", facts) if params is not None else spec.get("text_unknown", spec["text"])
    personal = any(re.search(r"\d", str(value)) for value in (params or {}).values())
    multiplier = Decimal(str(facts.values.get("promise_multiplier") or 0))
    values = {"feeling": _feeling(facts, language), "n": money(multiplier), "what": _what(facts, language)}
    values.update(relative_words(facts, language) or {})
    values.update(params or {})
    detail = spec.get("detail")
    return Remedy(
        id=spec["id"],
        problem=spec["problem"],
        text=str(pick(template, language)).format(**values).strip(),
        detail=str(pick(detail, language)) if detail else None,
        cites=tuple(spec.get("cite", ())),
        ask=ask,
        personal=personal,
    )


def platform_action(platform: str | None, language: str) -> str:
    """How the person's platform names its intervention button (a general wording when unknown)."""
    labels = document("consumer/escalation.yml")["platform_intervention"]
    return str(pick(labels.get(platform or "default", labels["default"]), language))


def _case_file(spec: Mapping[str, Any], facts: CaseFacts) -> str | None:
    """The consumer case file behind a problem: the one the person's own intent opened, else the default."""
    heard = [intent for intent in spec.get("intents", []) if intent in facts.intents]
    for intent in heard:
        found = case_for_intent(intent)
        if found is not None:
            return str(found["id"])
    return spec.get("case")


def _heard_turn(spec: Mapping[str, Any], facts: CaseFacts) -> int | None:
    # `intents_unless`: a more specific problem explains the intent's general reading (a training fee read as
    # "MCN contract" is not a penalty demanded); the person's own words can still raise it.
    raised_by_intents = not any(facts.has(name) for name in spec.get("intents_unless", []))
    turns = [facts.intents[i] for i in spec.get("intents", []) if i in facts.intents and raised_by_intents]
    raised_by_facts = not any(facts.has(name) for name in spec.get("unless", []))
    for name in spec.get("facts", []) if raised_by_facts else []:
        if name in facts.implied and not raised_by_intents:
            continue  # what the intent implied counts as the intent
        if name in facts.flags:
            turns.append(facts.flags[name])
        elif facts.has(name):
            turns.append(facts.turns - 1)
    turns = [turn for turn in turns if facts.speaks_for(turn, str(spec.get("line")))]
    return min(turns) if turns else None


def assess(facts: CaseFacts, language: str, today: date) -> list[Problem]:
    """Every problem heard in the case, most urgent first, each with the remedies its facts support."""
    rules = remedy_specs()
    action = platform_action(facts.values.get("platform"), language)
    problems = []
    words = relative_words(facts, language) or {}
    for spec in problem_specs():
        turn = _heard_turn(spec, facts)
        if turn is None:
            continue
        remedies = tuple(
            remedy(rule, facts, language, today)
            for rule in rules
            if rule["problem"] == spec["id"] and _applies(rule, facts)
        )
        evidence_names = document(PROBLEMS)["evidence"]
        steps = [{**step, "text": for_relative(step, "text", facts)} for step in spec.get("next", [])]
        problems.append(
            Problem(
                id=spec["id"],
                title=str(pick(for_relative(spec, "title", facts), language)),
                urgency=int(spec["urgency"]),
                heard_turn=turn,
                remedies=remedies,
                next_steps=tuple(step_statements(steps, language, platform_action=action, **words)),
                evidence=tuple(str(pick(evidence_names[item], language)) for item in spec.get("evidence", [])),
                spec=spec,
                case=_case_file(spec, facts),
            )
        )
    return sorted(problems, key=lambda problem: (-problem.urgency, problem.heard_turn))
