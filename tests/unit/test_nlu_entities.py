"""Entity extraction on whole messages: the facts a consumer answer depends on, normalised."""

from __future__ import annotations

from datetime import date

from nlu.entities import find_entities

SATURDAY = date(2026, 11, 28)


def _values(text: str) -> set[tuple[str, str]]:
    return {(e.entity, e.value) for e in find_entities(text, SATURDAY)}


def test_a_refused_return_story_yields_platform_money_category_and_days() -> None:
    assert _values("前天在抖音花了五百块买的面膜，商家不给退") == {
        ("days_ago", "2"),
        ("platform", "douyin"),
        ("money", "500"),
        ("product_category", "cosmetics"),
    }


def test_english_purchase_is_normalised() -> None:
    assert _values("I paid 300 yuan on TikTok 3 days ago for a dress") == {
        ("money", "300"),
        ("platform", "tiktok"),
        ("days_ago", "3"),
        ("product_category", "clothing"),
    }


def test_order_number_after_its_label_is_kept_as_written() -> None:
    assert ("order_id", "DY20261120334455") in _values("订单号是 DY20261120334455")


def test_followers_ages_and_minutes_are_not_money_or_dates() -> None:
    assert _values("我有5万粉丝，今年14岁，直播了5分钟就被封了") == set()


def test_the_host_mentioned_in_a_complaint_is_not_a_service_line_choice() -> None:
    assert ("service_line", "streamer") not in _values("主播说这个能治病")
    assert ("service_line", "streamer") in _values("我是做主播的")


def test_a_chinese_label_on_a_package_is_not_a_language_choice() -> None:
    assert _values("包装上没有中文标签") == set()
    assert _values("请用英文回复") == {("language", "en")}


def test_entity_offsets_point_at_the_written_text() -> None:
    text = "交了1.2w的坑位费"
    (money,) = find_entities(text, SATURDAY)
    assert text[money.start : money.end] == "1.2w"
    assert money.value == "12000"


def test_five_minutes_is_not_a_rating_but_five_points_is() -> None:
    assert _values("等了5分钟") == set()
    assert _values("给5分") == {("rating", "5")}


def test_a_child_tipping_story_gives_the_week_and_the_amount() -> None:
    assert _values("孩子在快手上上周打赏了8000块") == {
        ("platform", "kuaishou"),
        ("days_ago", "7"),
        ("money", "8000"),
    }


def test_three_months_of_streaming_is_not_a_purchase_date() -> None:
    assert _values("连续播了3个月没休息") == set()
