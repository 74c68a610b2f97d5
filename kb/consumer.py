"""Consumer consultations: the facts a case depends on, the computed results, and the rendered answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kb.calculators import amount_needs_review, fraud_compensation, return_window, unsafe_food_compensation
from kb.deadlines import deadline_finding
from kb.knowledge import document, documents
from kb.render import Answer, Finding, Statement, caveats, message, numbered, pick, procedure, step_statements
from kb.rules import load_rules, rule_citations

# Product categories where one of the statutory exceptions to no-reason returns may apply (fresh food,
# unsealed digital goods, made-to-order items), so the answer adds a check; others are never excluded by law.
CATEGORIES_TO_CHECK = ("food", "courses", "jewellery", "other")
CATEGORY_NAMES = {
    "food": {"zh": "食品", "en": "food"},
    "courses": {"zh": "课程/数字内容", "en": "courses and digital content"},
    "jewellery": {"zh": "珠宝首饰（常见定制）", "en": "jewellery (often made to order)"},
    "other": {"zh": "这", "en": "this kind of product"},
}


@dataclass(frozen=True)
class Facts:
    """What the user told us; None means not known (not asked yet, or skipped)."""

    platform: str | None = None
    product_category: str | None = None
    amount_paid: Decimal | None = None
    days_since_receipt: int | None = None
    evidence_kept: str | None = None


def case_types() -> dict[str, dict[str, Any]]:
    """Every consumer case type by id (knowledge/consumer/cases/*.yml)."""
    return {case["id"]: case for case in documents("consumer/cases/*.yml")}


def case_for_intent(intent: str) -> dict[str, Any] | None:
    """The case type an intent (consumer_counterfeit …) opens, or None."""
    return next((case for case in case_types().values() if case["intent"] == intent), None)


def required_facts(case_id: str, skipped: list[str] | None = None) -> list[str]:
    """The facts still worth asking for in a case, in the order of the case file, minus skipped ones."""
    return [fact for fact in case_types()[case_id]["facts"] if fact not in (skipped or [])]


def _money(value: Decimal) -> str:
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,.2f}"


def _seven_day_window(facts: Facts, today: date, language: str) -> Finding:
    cites = tuple(rule_citations("return_window_days"))
    if facts.days_since_receipt is None:
        return Finding((Statement(message("window_unknown", language), cites),))
    window = return_window(today - timedelta(days=facts.days_since_receipt), today)
    if window.days_left > 0:
        text = message("window_open", language, last_day=window.last_day.isoformat(), days_left=window.days_left)
    elif window.days_left == 0:
        text = message("window_last_day", language, last_day=window.last_day.isoformat())
    else:
        text = message("window_closed", language, last_day=window.last_day.isoformat())
        cites = cites + ("cpl_24",)
    statements = [Statement(text, cites)]
    if facts.product_category in CATEGORIES_TO_CHECK and window.is_open:
        category = pick(CATEGORY_NAMES[facts.product_category], language)
        statements.append(
            Statement(message("window_excluded_category", language, category=category), ("cpl_25", "cplr_19"))
        )
    return Finding(tuple(statements))


def _fraud_compensation(facts: Facts, today: date, language: str) -> Finding:
    cites = ("cpl_55",)
    if facts.amount_paid is None:
        return Finding((Statement(message("fraud_compensation_unknown", language), cites),))
    rules = load_rules()
    amount = fraud_compensation(facts.amount_paid, rules)
    text = message(
        "fraud_compensation",
        language,
        price=_money(facts.amount_paid),
        triple=_money(facts.amount_paid * rules.fraud_multiplier),
        amount=_money(amount),
    )
    return Finding((Statement(text, cites),))


def _food_compensation(facts: Facts, today: date, language: str) -> Finding:
    cites = ("fsl_148",)
    if facts.amount_paid is None:
        return Finding((Statement(message("food_compensation_unknown", language), cites),))
    rules = load_rules()
    amount = unsafe_food_compensation(facts.amount_paid, rules=rules)
    text = message(
        "food_compensation",
        language,
        price=_money(facts.amount_paid),
        tenfold=_money(facts.amount_paid * rules.food_price_multiplier),
        amount=_money(amount),
    )
    return Finding((Statement(text, cites),))


COMPUTATIONS: dict[str, Callable[[Facts, date, str], Finding]] = {
    "seven_day_window": _seven_day_window,
    "fraud_compensation": _fraud_compensation,
    "food_compensation": _food_compensation,
    "complaint_deadline": lambda facts, today, lang: deadline_finding(
        "complaint_deadline", "complaint_years", facts.days_since_receipt, today, lang
    ),
    "injury_deadline": lambda facts, today, lang: deadline_finding(
        "injury_deadline", "injury_years", facts.days_since_receipt, today, lang
    ),
}


def evidence_checklist(item_ids: list[str], kept: str | None, language: str) -> str:
    """The case's evidence items, ticked when what the user said they kept mentions one of its keywords."""
    items = {item["id"]: item for item in document("consumer/evidence.yml")["items"]}
    said = (kept or "").lower()
    lines = []
    for item_id in item_ids:
        item = items[item_id]
        mark = "✅" if any(keyword in said for keyword in item["keywords"]) else "☐"
        lines.append(f"{mark} {pick(item['text'], language)}")
    return message("evidence_heading", language) + "\n" + "\n".join(lines)


def _ladder(step_ids: list[str], platform: str | None, language: str) -> list[Statement]:
    escalation = document("consumer/escalation.yml")
    labels = escalation["platform_intervention"]
    action = pick(labels.get(platform or "default", labels["default"]), language)
    by_id = {step["id"]: step for step in escalation["ladder"]}
    return step_statements([by_id[step_id] for step_id in step_ids], language, platform_action=action)


def consumer_answer(case_id: str, facts: Facts, language: str, today: date) -> Answer:
    """The full answer for a consumer case: assessment, cited steps, evidence checklist, note, hand-over."""
    case = case_types()[case_id]
    findings = [COMPUTATIONS[name](facts, today, language) for name in case.get("computations", [])]
    assessment = [statement for finding in findings for statement in finding.statements]
    steps = step_statements(case["steps"], language)
    ladder = _ladder(case.get("ladder", []), facts.platform, language)
    all_cites = [cid for statement in assessment + steps + ladder for cid in statement.cites]

    answer = Answer()
    if assessment:
        answer.bubbles.append(
            message("assessment_heading", language) + "\n" + "\n".join(s.render(language) for s in assessment)
        )
    answer.bubbles.append(procedure(pick(case["title"], language), steps, language))
    if ladder:
        # A separate bubble keeps each one about a phone screen long; numbering continues.
        rendered = (statement.render(language) for statement in ladder)
        answer.bubbles.append(message("escalation_heading", language) + "\n" + numbered(rendered, start=len(steps) + 1))
    footer = [evidence_checklist(case["evidence"], facts.evidence_kept, language), *caveats(all_cites, language)]
    footer.append(message("not_legal_advice", language))
    answer.bubbles.append("\n".join(footer))

    reasons = [finding.handoff_reason for finding in findings if finding.handoff_reason]
    if facts.amount_paid is not None and amount_needs_review(facts.amount_paid):
        reasons.append("above_small_claims")
        answer.bubbles.insert(-1, message("amount_review", language, amount=_money(facts.amount_paid)))
    offer = case.get("offer_human")
    if offer:
        reasons.insert(0, offer["reason"])
    if reasons:
        answer.handoff_reason = reasons[0]
        answer.handoff_text = str(pick(offer["text"], language)) if offer else message("offer_human", language)
    return answer
