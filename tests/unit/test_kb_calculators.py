"""The numbers the hotline tells people, checked at the edges where the law changes the answer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from kb.calculators import (
    add_years,
    deadline,
    fraud_compensation,
    parse_amount,
    return_window,
    unsafe_food_compensation,
)
from kb.labour import OvertimeKind, double_wages, overtime_pay, overtime_rate

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("days_ago", "is_open", "days_left"),
    [(0, True, 7), (3, True, 4), (7, True, 0), (8, False, -1)],
)
def test_seven_day_window_counts_from_the_day_after_receipt(days_ago: int, is_open: bool, days_left: int) -> None:
    window = return_window(TODAY - timedelta(days=days_ago), TODAY)
    assert window.is_open is is_open
    assert window.days_left == days_left


def test_goods_received_on_the_first_of_the_month_can_be_returned_until_the_eighth() -> None:
    assert return_window(date(2026, 3, 1), date(2026, 3, 1)).last_day == date(2026, 3, 8)


@pytest.mark.parametrize(
    ("price", "extra"),
    [
        ("0", "500"),
        ("100", "500"),
        ("166", "500"),
        ("166.67", "500.01"),
        ("167", "501"),
        ("200", "600"),
        ("899", "2697"),
    ],
)
def test_fraud_compensation_is_three_times_the_price_but_at_least_500(price: str, extra: str) -> None:
    assert fraud_compensation(Decimal(price)) == Decimal(extra)


@pytest.mark.parametrize(("price", "extra"), [("80", "1000"), ("99", "1000"), ("100", "1000"), ("101", "1010")])
def test_unsafe_food_compensation_is_ten_times_the_price_but_at_least_1000(price: str, extra: str) -> None:
    assert unsafe_food_compensation(Decimal(price)) == Decimal(extra)


def test_unsafe_food_compensation_uses_three_times_the_loss_when_that_is_larger() -> None:
    assert unsafe_food_compensation(Decimal("50"), loss=Decimal("2000")) == Decimal("6000")
    assert unsafe_food_compensation(Decimal("500"), loss=Decimal("100")) == Decimal("5000")


def test_three_year_complaint_window_ends_on_the_same_calendar_day() -> None:
    period = deadline(date(2026, 11, 25), 3, TODAY)
    assert period.last_day == date(2029, 11, 25)
    assert period.days_left == (date(2029, 11, 25) - TODAY).days
    assert not period.expired


def test_a_period_started_on_29_february_ends_on_28_february() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(("days_left", "near"), [(31, False), (30, True), (0, True), (-1, False)])
def test_deadline_within_30_days_is_near_but_a_passed_one_is_expired(days_left: int, near: bool) -> None:
    start = add_years(TODAY + timedelta(days=days_left), -2)
    period = deadline(start, 2, TODAY)
    assert period.days_left == days_left
    assert period.is_near() is near
    assert period.expired is (days_left < 0)


@pytest.mark.parametrize(
    ("months_worked", "double_months", "open_ended"),
    [(1, 0, False), (2, 1, False), (11, 10, False), (12, 11, True), (13, 11, True), (30, 11, True)],
)
def test_double_wages_start_after_one_month_and_stop_at_eleven(
    months_worked: int, double_months: int, open_ended: bool
) -> None:
    result = double_wages(months_worked, Decimal("6000"))
    assert result.months == double_months
    assert result.extra_pay == Decimal("6000") * double_months
    assert result.deemed_open_ended is open_ended


def test_double_wages_without_a_known_wage_still_count_the_months() -> None:
    assert double_wages(5).extra_pay is None
    assert double_wages(5).months == 4


@pytest.mark.parametrize(
    ("kind", "rate"),
    [(OvertimeKind.WORKDAY, "1.5"), (OvertimeKind.REST_DAY, "2"), (OvertimeKind.HOLIDAY, "3")],
)
def test_overtime_rates_are_150_200_and_300_percent(kind: OvertimeKind, rate: str) -> None:
    assert overtime_rate(kind) == Decimal(rate)
    assert overtime_pay(Decimal("20"), Decimal("2"), kind) == Decimal("40") * Decimal(rate)


@pytest.mark.parametrize(
    ("value", "amount"), [("200", "200"), (80.0, "80.0"), ("1.5", "1.5"), ("五千", None), ("-3", None), (None, None)]
)
def test_amounts_from_slots_are_parsed_or_rejected(value: object, amount: str | None) -> None:
    assert parse_amount(value) == (Decimal(amount) if amount else None)
