"""Normalisers: money in yuan and days ago, as users actually write them, including the edges."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.normalise import canonical, chinese_number, parse_days_ago, parse_money

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("written", "yuan"),
    [
        ("五百块", "500"),
        ("3千", "3000"),
        ("1.2w", "12000"),
        ("¥899", "899"),
        ("300 yuan", "300"),
        ("一万五", "15000"),
        ("两千三百", "2300"),
        ("2万元", "20000"),
        ("3.5k", "3500"),
        ("¥1,299", "1299"),
        ("59.90元", "59.9"),
        ("一百万", "1000000"),
        ("兩百塊", "200"),
    ],
)
def test_money_is_normalised_to_yuan(written: str, yuan: str) -> None:
    assert parse_money(written) == yuan


@pytest.mark.parametrize("written", ["很多钱", "", "abc元"])
def test_text_that_is_not_an_amount_gives_no_money(written: str) -> None:
    assert parse_money(written) is None


def test_chinese_numerals_follow_colloquial_tenths() -> None:
    assert chinese_number("三千五") == 3500
    assert chinese_number("十二") == 12
    assert chinese_number("一点五") == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("written", "days"),
    [
        ("三天前", "3"),
        ("前天", "2"),
        ("大前天", "3"),
        ("3 days ago", "3"),
        ("a week", "7"),
        ("半个月", "15"),
        ("两周", "14"),
        ("11月3号", "25"),
        ("on Nov 20", "8"),
        ("上周五", "8"),
        ("这周三", "3"),
        ("last friday", "1"),
    ],
)
def test_days_ago_relative_to_a_saturday(written: str, days: str) -> None:
    assert parse_days_ago(written, SATURDAY) == days


def test_a_date_later_in_the_year_means_last_year() -> None:
    assert parse_days_ago("12月25日", SATURDAY) == str((SATURDAY - date(2025, 12, 25)).days)


def test_impossible_dates_and_future_weekdays_give_nothing() -> None:
    assert parse_days_ago("2月30日", SATURDAY) is None
    assert parse_days_ago("这周日", SATURDAY) is None


def test_last_weekday_on_the_same_weekday_is_a_week_back() -> None:
    assert parse_days_ago("last saturday", SATURDAY) == "7"


@pytest.mark.parametrize(
    ("entity", "written", "value"),
    [
        ("platform", "抖音", "douyin"),
        ("platform", "TikTok", "tiktok"),
        ("platform", "小紅書", "xiaohongshu"),
        ("platform", "视频号", "wechat_channels"),
        ("product_category", "面膜", "cosmetics"),
        ("product_category", "翡翠", "jewellery"),
        ("product_category", "online course", "courses"),
    ],
)
def test_names_map_to_canonical_values(entity: str, written: str, value: str) -> None:
    assert canonical(entity, written) == value


@pytest.mark.parametrize(("written", "days"), [("上周", "7"), ("上个月", "30"), ("last week", "7")])
def test_a_vague_last_week_or_month_counts_as_seven_or_thirty_days(written: str, days: str) -> None:
    assert parse_days_ago(written, SATURDAY) == days
