"""Limitation deadlines as the user reads them: last day, days left, and a hand-over when near or passed."""

from __future__ import annotations

from datetime import date, timedelta

from kb.calculators import deadline
from kb.render import Finding, Statement, message
from kb.rules import load_rules, rule_citations


def deadline_finding(key: str, rule: str, days_ago: int | None, today: date, language: str) -> Finding:
    """The deadline `rule` (a `Rules` field in years) counted from `days_ago`, said with message `key`.

    Unknown start → the general rule; passed → said plainly and handed to a person; within 30 days → a warning
    and a hand-over.
    """
    cites = tuple(rule_citations(rule))
    if days_ago is None:
        return Finding((Statement(message(f"{key}_unknown", language), cites),))
    rules = load_rules()
    period = deadline(today - timedelta(days=days_ago), getattr(rules, rule), today)
    if period.expired:
        what = message(f"{key}_name", language)
        text = message("deadline_expired", language, what=what, last_day=period.last_day.isoformat())
        return Finding((Statement(text, cites),), handoff_reason="needs_legal_conclusion")
    statements = [
        Statement(message(key, language, last_day=period.last_day.isoformat(), days_left=period.days_left), cites)
    ]
    if period.is_near(rules):
        statements.append(Statement(message("deadline_near", language, days_left=period.days_left)))
        return Finding(tuple(statements), handoff_reason="deadline_soon")
    return Finding(tuple(statements))
