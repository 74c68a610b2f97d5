"""The summary a worker reads first: who, what, risk and the last messages, built only from facts (no model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.policy import summary_labels

# Slots worth showing, in this order; others are ignored (language flags and bookkeeping slots).
FACT_SLOTS = (
    "platform",
    "product_category",
    "amount_paid",
    "days_since_receipt",
    "order_id",
    "evidence_kept",
    "case_type",
)


@dataclass(frozen=True)
class SummaryInput:
    """Everything the summary is built from."""

    pseudonym: str
    language: str
    service_line: str | None
    topic: str | None
    reason: str
    priority: str
    crisis: bool
    facts: Mapping[str, Any] = field(default_factory=dict)
    recent: Sequence[tuple[str, str]] = ()  # (role, masked text), oldest first


def facts_from_slots(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The collected facts among a tracker's slots, without empty values."""
    return {name: slots[name] for name in FACT_SLOTS if slots.get(name) not in (None, "", [])}


def _format_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def build_summary(item: SummaryInput) -> str:
    """A few labelled lines; the same input always gives the same text."""
    labels = summary_labels()
    none = labels["none"]
    facts = "; ".join(f"{key}={_format_value(value)}" for key, value in item.facts.items()) or none
    lines = [
        f"{labels['who']}: {item.pseudonym} | {labels['language']}: {item.language} | "
        f"{labels['service_line']}: {item.service_line or none}",
        f"{labels['topic']}: {item.topic or none} | {labels['reason']}: {item.reason} | "
        f"{labels['priority']}: {item.priority}",
        f"{labels['risk']}: {labels['risk_crisis'] if item.crisis else labels['risk_none']}",
        f"{labels['facts']}: {facts}",
        f"{labels['recent']}:",
    ]
    roles: Mapping[str, str] = labels["roles"]
    lines += [f"  {roles.get(role, role)}: {text}" for role, text in item.recent] or [f"  {none}"]
    return "\n".join(lines)
