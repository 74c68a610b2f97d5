"""The numbers the law sets (multipliers, floors, windows, limits), read from knowledge/rules.yml."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kb.knowledge import document


@dataclass(frozen=True)
class Rules:
    """Legal thresholds used by the calculators; each comes with a citation in knowledge/rules.yml."""

    return_window_days: int
    fraud_multiplier: Decimal
    fraud_floor: Decimal
    food_price_multiplier: Decimal
    food_loss_multiplier: Decimal
    food_floor: Decimal
    complaint_years: int
    injury_years: int
    labour_arbitration_years: int
    contract_grace_months: int
    double_wage_max_months: int
    overtime_workday: Decimal
    overtime_rest_day: Decimal
    overtime_holiday: Decimal
    deadline_near_days: int
    amount_review_yuan: Decimal


def load_rules() -> Rules:
    """Read knowledge/rules.yml into a `Rules` (values only; the citations are used when rendering).

    Not cached here: `document` already caches the file until it changes.
    """
    data = document("rules.yml")
    fields = Rules.__dataclass_fields__
    # With postponed annotations the field types are the strings "Decimal" and "int".
    values: dict[str, Any] = {
        name: Decimal(str(entry["value"])) if fields[name].type == "Decimal" else int(entry["value"])
        for name, entry in data.items()
    }
    return Rules(**values)


def rule_citations(name: str) -> list[str]:
    """The citation ids behind one rule value (empty for service-policy values)."""
    return list(document("rules.yml")[name].get("cite", []))
