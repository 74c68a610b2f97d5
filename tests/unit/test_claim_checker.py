"""A merchant asks to have a selling script checked: every illegal claim is flagged with its article, the
rewrite keeps none of them, and the report says what it checked and what it could not."""

from __future__ import annotations

from kb.compliance.checker import check_script
from kb.compliance.report import pitch_report
from kb.compliance.rewrite import reworded

HONEY = "这款蜂蜜一勺治咳嗽，吃了增强免疫力不生病"


def found(script: str, category: str | None = None) -> set[str]:
    return {flag.found for flag in check_script(script, category).flags}


def test_the_honey_script_is_not_cleared_and_every_health_claim_is_flagged() -> None:
    report = "\n".join(pitch_report(HONEY, "zh"))
    assert "没发现" not in report and "没有我能识别" not in report
    assert {"治咳嗽", "增强免疫力", "不生病"} <= found(HONEY)
    assert "广告法第17条、食品安全法第73条" in report and "食品安全法实施条例第38条" in report
    assert "普通（加工）食品" in report


def test_the_honey_rewrite_keeps_none_of_the_claims_and_offers_a_compliant_line() -> None:
    bubbles = pitch_report(HONEY, "zh")
    rewrite = bubbles[1]
    for claim in ("治咳嗽", "增强免疫力", "不生病"):
        assert claim not in rewrite
    assert "口感清甜" in rewrite


def test_cure_claims_are_caught_in_their_variants() -> None:
    for script, claim in [
        ("喝了治疗咳嗽", "治疗咳嗽"),
        ("坚持吃能调理好三高", "调理好三高"),
        ("能治好糖尿病", "治好糖尿病"),
        ("长期吃抗癌", "抗癌"),
        ("我爸吃了血压就降下来了", "血压就降下来了"),
        ("咳嗽马上就好了", "咳嗽马上就好了"),
    ]:
        assert claim in found(script), script


def test_immunity_and_slimming_promises_are_caught_in_their_variants() -> None:
    assert "提高免疫力" in found("每天一杯提高免疫力")
    assert "增强免疫力" in found("增强免疫力的好东西")
    assert "一周瘦十斤" in found("这款代餐一周瘦十斤")
    assert "7天瘦8斤" in found("7天瘦8斤不反弹")


def test_fresh_and_shipped_from_the_farm_are_allowed() -> None:
    assert found("新鲜脐橙，产地直发，现摘现发") == set()
    report = pitch_report("新鲜脐橙，产地直发，现摘现发", "zh")
    assert "初级农产品" in report[0] and "没查的" in report[-1]


def test_an_unknown_product_is_never_reported_as_clean() -> None:
    report = "\n".join(pitch_report("口感好，价格实在", "zh"))
    assert "判断不出卖的是什么商品" in report and "还不能说它合规" in report
    assert "没查的" in report and "不是法律意见" in report


def test_the_report_says_which_rules_were_applied_for_which_product() -> None:
    scope = pitch_report("这件羊毛衫手感柔软，直播间到手价199元", "zh")[-1]
    assert "查了（服装鞋帽）" in scope and "绝对化用语" in scope and "防病治病" in scope
    assert "保健食品必备提示" not in scope


def test_a_health_food_needs_the_statement_and_the_rewrite_adds_it() -> None:
    check = check_script("蓝帽子保健食品，每天两粒")
    assert [flag.found for flag in check.flags if flag.missing] == ["本品不能代替药物"]
    assert reworded(check).endswith("本品不能代替药物。")
    assert not [flag for flag in check_script("保健食品，本品不能代替药物。").flags if flag.missing]


def test_a_health_food_may_not_promise_no_side_effects() -> None:
    report = "\n".join(pitch_report("鱼油保健品，无副作用，本品不能代替药物", "zh"))
    assert "“无副作用”" in report and "广告法第4、18条" in report


def test_an_original_price_without_a_source_is_replaced_by_a_sourced_comparison() -> None:
    check = check_script("原价399，今天直播间只要99")
    assert [flag.rule.id for flag in check.flags] == ["price_comparison"]
    assert "原价399" not in reworded(check) and "前7日最低成交价" in reworded(check)
    assert check_script("厂商建议零售价399，今天99").flags == ()


def test_absolute_terms_are_reworded_not_dropped_when_there_is_a_safe_word() -> None:
    script = "最好的面霜，全网最低价"
    assert reworded(check_script(script)) == "优质的面霜，直播间优惠价"
    assert reworded(check_script("最新鲜的苹果")) == "新鲜的苹果"


def test_whitening_needs_a_special_cosmetics_registration() -> None:
    report = "\n".join(pitch_report("美白面霜，28天淡斑", "zh"))
    assert "特殊化妆品功效【有真实依据才能说】" in report and "化妆品监督管理条例第16、17、22条" in report


def test_a_medical_device_may_not_promise_a_cure_and_needs_its_statement() -> None:
    check = check_script("家用理疗仪，根治颈椎病")
    assert "根治" in {flag.found for flag in check.flags}
    assert "请仔细阅读产品说明书或者在医务人员的指导下购买和使用" in {
        flag.found for flag in check.flags if flag.missing
    }


def test_a_course_may_not_guarantee_results() -> None:
    assert {"包过", "学完月入过万"} <= found("带货训练营包过，学完月入过万")


def test_the_product_category_slot_classifies_a_script_that_names_no_product() -> None:
    assert check_script("口感好", "supplements").product is not None
    assert check_script("口感好", "supplements").product.id == "health_food"  # type: ignore[union-attr]


def test_english_scripts_are_checked_and_explained_in_english() -> None:
    report = "\n".join(pitch_report("Our honey cures coughs and boosts your immune system, 100% natural", "en"))
    assert "Advertising Law Art 17; Food Safety Law Art 73" in report
    assert "Food Safety Regulations Art 38" in report and '"100% natural"' in report
    assert "cures coughs" not in pitch_report("Our honey cures coughs, 100% natural", "en")[1]


def test_a_clean_result_for_a_known_product_still_says_it_is_not_a_clearance() -> None:
    report = pitch_report("这件羊毛衫手感柔软，直播间到手价199元", "zh")
    assert "这不等于合规" in report[0] and "没查的" in report[-1]
