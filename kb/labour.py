"""Pure calculations for workers' rights: double wages without a written contract, overtime pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from kb.rules import Rules, load_rules


@dataclass(frozen=True)
class DoubleWages:
    """The extra month's wage owed for each month worked without a written contract."""

    months: int
    extra_pay: Decimal | None
    deemed_open_ended: bool


def double_wages(months_worked: int, monthly_wage: Decimal | None = None, rules: Rules | None = None) -> DoubleWages:
    """Months of double wages after the one-month grace period, capped at 11; extra pay when the wage is known.

    After a full year without a contract, the contract counts as open-ended instead of more double wages.
    """
    rules = rules or load_rules()
    months = min(max(months_worked - rules.contract_grace_months, 0), rules.double_wage_max_months)
    extra = monthly_wage * months if monthly_wage is not None else None
    return DoubleWages(months=months, extra_pay=extra, deemed_open_ended=months_worked >= 12)


class OvertimeKind(Enum):
    """When the extra hours were worked."""

    WORKDAY = "workday"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"


def overtime_rate(kind: OvertimeKind, rules: Rules | None = None) -> Decimal:
    """The minimum pay rate as a multiple of normal pay: 1.5 workday, 2 rest day, 3 public holiday."""
    rules = rules or load_rules()
    return {
        OvertimeKind.WORKDAY: rules.overtime_workday,
        OvertimeKind.REST_DAY: rules.overtime_rest_day,
        OvertimeKind.HOLIDAY: rules.overtime_holiday,
    }[kind]


def overtime_pay(hourly_wage: Decimal, hours: Decimal, kind: OvertimeKind, rules: Rules | None = None) -> Decimal:
    """The minimum pay for `hours` of overtime of `kind` at `hourly_wage`."""
    return hourly_wage * hours * overtime_rate(kind, rules)
