"""Published cases matched to a person's message, with their own numbers (kb/precedents.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kb.precedents import matching_precedent, parse_yuan


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("3万", "30000"),
        ("159块2", "159.2"),
        ("38,888", "38888"),
        ("1.5万", "15000"),
        ("２千", "2000"),
        ("899元", "899"),
    ],
)
def test_amounts_are_read_the_way_people_write_them(raw: str, value: str) -> None:
    assert parse_yuan(raw) == Decimal(value)


def test_a_missed_sales_guarantee_gets_the_proportional_refund_with_the_sellers_numbers() -> None:
    found = matching_precedent("我们花了5万请主播带货，说好保底卖20万，结果只卖了1万，对方一直不退钱", "zh")
    assert found is not None and found.case_id == "guaranteed_sales_refund"
    assert "47500" in found.text and "民法典第577条" in found.text


def test_a_promise_above_triple_damages_is_quoted_only_when_it_is_higher() -> None:
    higher = matching_precedent("花2000买的项链鉴定是假的，主播直播时说假一赔十，赔2万", "zh")
    assert higher is not None and higher.case_id == "promise_above_statutory"
    assert "20000" in higher.text and "6000" in higher.text
    assert matching_precedent("花2000买的项链鉴定是假的，主播说赔1000", "zh") is None


def test_a_case_decided_by_settlement_or_discretion_says_so() -> None:
    mediated = matching_precedent("付了8万坑位费，500单退了400单，感觉对方刷单", "zh")
    assert mediated is not None and "不是判决" in mediated.text
    reduced = matching_precedent("我是在校学生主播，没播够时长，公司起诉要我付违约金", "zh")
    assert reduced is not None and "不保证" in reduced.text


def test_a_crime_article_outside_the_statute_library_is_flagged_unverified() -> None:
    found = matching_precedent("公司让我按剧本卖惨，说是山区助农农产品，其实是外地货", "zh")
    assert found is not None and "未在本项目法规库核对" in found.text


def test_an_ordinary_complaint_matches_no_published_case() -> None:
    assert matching_precedent("我在直播间买的衣服尺码不对，想退货", "zh") is None
    assert matching_precedent("my parcel never arrived", "en") is None


def test_faked_orders_in_an_agency_dispute_are_not_the_fake_comments_case() -> None:
    text = "找了个代运营交了8000服务费，还有好多单是刷的，现在他们说效果不好不退钱"
    assert matching_precedent(text, "zh") is None
