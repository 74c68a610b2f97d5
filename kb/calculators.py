"""Pure calculations behind consumer answers: return window, extra compensation, limitation deadlines."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from kb.rules import Rules, load_rules


@dataclass(frozen=True)
class ReturnWindow:
    """Where a purchase stands in the 7-day no-reason return window."""

    received: date
    last_day: date
    days_left: int

    @property
    def is_open(self) -> bool:
        """True while today is on or before the last day."""
        return self.days_left >= 0


def return_window(received: date, today: date, rules: Rules | None = None) -> ReturnWindow:
    """The 7-day window counted from the day after receipt (received on day 0, day 7 is the last day)."""
    rules = rules or load_rules()
    last_day = received + timedelta(days=rules.return_window_days)
    return ReturnWindow(received=received, last_day=last_day, days_left=(last_day - today).days)


def fraud_compensation(price: Decimal, rules: Rules | None = None) -> Decimal:
    """Extra compensation for fraud on top of the refund: 3× the price, never below the floor (¥500)."""
    rules = rules or load_rules()
    return max(price * rules.fraud_multiplier, rules.fraud_floor)


def unsafe_food_compensation(price: Decimal, loss: Decimal | None = None, rules: Rules | None = None) -> Decimal:
    """Compensation for unsafe food on top of losses: 10× the price or 3× the loss, never below ¥1,000."""
    rules = rules or load_rules()
    candidates = [price * rules.food_price_multiplier, rules.food_floor]
    if loss is not None:
        candidates.append(loss * rules.food_loss_multiplier)
    return max(candidates)


def add_years(start: date, years: int) -> date:
    """The same calendar day `years` later; the month's last day when it does not exist (29 Feb)."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return start.replace(year=year, day=day)


@dataclass(frozen=True)
class Deadline:
    """A limitation period that started on `start` and ends on `last_day`."""

    start: date
    last_day: date
    days_left: int

    @property
    def expired(self) -> bool:
        """True once the last day has passed."""
        return self.days_left < 0

    def is_near(self, rules: Rules | None = None) -> bool:
        """True when the last day is still ahead but within the hand-over margin (30 days)."""
        rules = rules or load_rules()
        return 0 <= self.days_left <= rules.deadline_near_days


def deadline(start: date, years: int, today: date) -> Deadline:
    """A period of `years` counted from the day after `start`, ending on the corresponding day."""
    last_day = add_years(start, years)
    return Deadline(start=start, last_day=last_day, days_left=(last_day - today).days)


def amount_needs_review(amount: Decimal, rules: Rules | None = None) -> bool:
    """True when the amount is above the service's review threshold (a social worker looks at it)."""
    rules = rules or load_rules()
    return amount > rules.amount_review_yuan


def parse_amount(value: Any) -> Decimal | None:
    """A non-negative decimal from a slot or entity value ("200", 200.0); None for anything else."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None
