"""A merchant pastes a selling script; the checker flags what the law forbids and says how to fix it."""

from __future__ import annotations

from kb.pitch import check_script, pitch_report, reworded, script_in_message


def test_absolute_terms_are_flagged_under_advertising_law_article_9() -> None:
    flags = check_script("全网最低价！国家级品质，效果最佳", "zh")
    assert {flag.rule_id for flag in flags} == {"absolute_terms"}
    assert {flag.found for flag in flags} >= {"全网最低价", "国家级", "最佳"}
    report = "\n".join(pitch_report("全网最低价！国家级品质，效果最佳", "zh"))
    assert "广告法第9条" in report and "直播间优惠价" in report


def test_disease_claims_for_ordinary_goods_cite_article_17() -> None:
    report = "\n".join(pitch_report("这款茶喝了能降血压，还能根治失眠", "zh"))
    assert "广告法第17条" in report and "降血压" in report and "根治" in report


def test_health_food_without_the_mandatory_statement_is_flagged() -> None:
    flags = check_script("蓝帽子保健食品，增强免疫力", "zh")
    assert any(flag.rule_id == "health_food_statement" and flag.found == "本品不能代替药物" for flag in flags)
    assert not any(f.rule_id == "health_food_statement" for f in check_script("保健食品，本品不能代替药物。", "zh"))


def test_an_original_price_without_a_source_is_an_unsupported_comparison() -> None:
    flags = check_script("原价399，今天直播间只要99", "zh")
    assert [flag.rule_id for flag in flags] == ["price_comparison"]
    assert check_script("厂商建议零售价399，今天99", "zh") == []


def test_a_compliant_script_gets_a_clean_report() -> None:
    report = pitch_report("这件羊毛衫手感柔软，直播间到手价199元", "zh")
    assert "没发现" in report[0]
    assert "不是法律意见" in report[-1]


def test_the_rewording_replaces_flagged_terms() -> None:
    script = "最好的面霜，全网最低价"
    assert reworded(script, check_script(script, "zh"), "zh") == "很受欢迎的面霜，直播间优惠价"


def test_english_scripts_are_checked_and_explained_in_english() -> None:
    report = "\n".join(pitch_report("The best cream ever, it cures acne", "en"))
    assert "Advertising Law Art 9" in report and "Advertising Law Art 17" in report


def test_the_script_after_a_colon_is_taken_from_the_same_message() -> None:
    assert script_in_message("帮我看看这段话术：全网最低价，买到就是赚到") == "全网最低价，买到就是赚到"
    assert script_in_message("帮我检查一下直播话术") is None


def test_clauses_that_can_only_be_dropped_are_removed_from_the_rewording() -> None:
    script = "全网最低价，国家级工艺，喝了能降血压"
    assert reworded(script, check_script(script, "zh"), "zh") == "直播间优惠价"


def test_the_rewording_adds_the_missing_health_food_statement() -> None:
    script = "蓝帽子保健食品，增强免疫力"
    assert reworded(script, check_script(script, "zh"), "zh").endswith("本品不能代替药物。")


def test_an_unsupported_comparison_is_kept_but_marked_in_the_rewording() -> None:
    script = "Original price 399, today only 99"
    assert reworded(script, check_script(script, "en"), "en") == (
        "Original price 399 [state the source of this price], today only 99"
    )
