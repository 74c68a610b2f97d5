"""Sellers' own problems get their own steps: a throttled shop after a malicious review, returns that are not
intact, licences for what they sell, agencies offering fake orders, no budget for viewers."""

from __future__ import annotations

from kb.merchant import merchant_answer


def answer(text: str, intent: str, language: str = "zh") -> str:
    found = merchant_answer(text, intent, language)
    assert found is not None
    return found.as_text()


def test_a_shop_throttled_after_a_malicious_review_gets_both_problems_and_no_return_template() -> None:
    seen = answer("我的直播间被一个买家恶意差评后就被限流了，流量一下掉没了，怎么办", "merchant_traffic")
    assert "恶意差评" in seen and "限流、处罚与申诉" in seen
    assert "电子商务法第39条" in seen and "消保法实施条例第27条" in seen and "电子商务法第36条" in seen
    assert "110" in seen and "七日无理由退货期" not in seen
    assert seen.index("恶意差评与索要钱款") < seen.index("【限流、处罚与申诉】")


def test_a_buyer_demanding_money_for_removing_a_review_is_offered_a_social_worker() -> None:
    found = merchant_answer("买家说不给他赔500就给差评", "merchant_after_sales", "zh")
    assert found is not None and found.handoff_reason == "complex"


def test_worn_clothes_with_the_tags_cut_are_a_not_intact_return_with_the_inspection_exception() -> None:
    seen = answer("买家穿过的衣服吊牌都剪了还要七天无理由退货", "merchant_after_sales")
    assert "消保法第25条" in seen and "消保法实施条例第19条" in seen and "开箱视频" in seen


def test_dried_mushrooms_may_be_farm_produce_and_the_line_is_marked_unverified() -> None:
    seen = answer("我卖自己晒的干香菇，需要办什么证", "merchant_compliance")
    assert "初级农产品" in seen and "食品安全法第2条" in seen and "不需要办食品经营许可" in seen
    assert "未核实" in seen and "化妆品" not in seen


def test_honey_is_answered_as_processed_food_with_its_classification_unverified() -> None:
    seen = answer("卖蜂蜜要办什么许可证", "merchant_compliance")
    assert "食品生产许可" in seen and "蜂蜜" in seen and "未核实" in seen and "特殊化妆品" not in seen


def test_each_product_class_gets_its_own_licence_steps() -> None:
    assert "食品安全法第76、78条" in answer("卖保健品需要什么资质", "merchant_compliance")
    assert "化妆品监督管理条例第16、17条" in answer("卖面霜需要什么资质", "merchant_compliance")
    assert "医疗器械监督管理条例" in answer("卖血压计要办什么证", "merchant_compliance")
    assert "一般不需要专门的行政许可" in answer("卖衣服要什么资质", "merchant_compliance")
    assert "3C" in answer("卖充电宝要什么资质", "merchant_compliance")
    assert "广告法第24条" in answer("卖网课要办什么证", "merchant_compliance")


def test_a_licence_question_naming_no_product_gets_the_overview_and_a_question_back() -> None:
    seen = answer("开网店要办什么证", "merchant_compliance")
    assert "告诉我你卖的具体是什么" in seen and "食品安全法第35条" in seen


def test_an_agency_offering_fake_orders_is_told_not_to_pay_and_why() -> None:
    seen = answer("有代运营公司说可以帮我刷单冲销量", "merchant_fake_orders")
    assert "反不正当竞争法第8、20条" in seen and "2025年10月15日" in seen


def test_no_budget_for_viewers_gets_free_ways_to_grow() -> None:
    seen = answer("没钱投流，直播间没人看怎么办", "merchant_traffic")
    assert "固定开播时间" in seen and "短视频" in seen and "电子商务进农村" in seen


def test_the_bare_compliance_intent_still_gets_the_general_steps() -> None:
    assert "电子商务法第15条" in answer("/merchant_compliance", "merchant_compliance")


def test_an_english_seller_gets_the_same_steps_in_english() -> None:
    seen = answer("My shop got throttled after a malicious review, how do I appeal?", "merchant_after_sales", "en")
    assert "E-Commerce Law Art 39" in seen and "E-Commerce Law Art 36" in seen


def test_an_empty_parcel_sent_back_as_a_return_gets_the_evidence_appeal_and_police_not_penalty_steps() -> None:
    seen = answer("买家退回来的包裹是空的 我的货没了 平台还判我退款给他 我该怎么申诉", "merchant_after_sales")
    assert "退回空包或被掉包" in seen and "称重" in seen and "开箱视频" in seen and "110" in seen
    assert "消保法实施条例第19条" in seen
    assert "限流、处罚与申诉" not in seen and "买家退回的商品不完好" not in seen
    english = answer(
        "The buyer returned an empty box and the platform refunded him anyway", "merchant_after_sales", "en"
    )
    assert "An empty or swapped return" in english and "110" in english


def test_a_farmer_who_already_pays_for_ads_gets_the_paid_traffic_steps_not_the_no_budget_ones() -> None:
    text = "我是果农，在抖音卖猕猴桃，最近直播间没人看，投了2000块千川也没起色，还有个买家说坏果要全额退款还威胁给差评"
    found = merchant_answer(text, "merchant_traffic", "zh")
    assert found is not None
    seen = found.as_text()
    assert "千次曝光成本" in seen and "没预算也能来人的办法" not in seen
    assert "恶意差评与索要钱款" in seen
    # Both topics are answered here, so neither is offered again as "the others".
    assert set(found.covers) == {"merchant_traffic", "merchant_after_sales"}


def test_with_two_topics_each_shows_its_first_steps_and_says_how_to_get_the_rest() -> None:
    seen = answer("我的直播间被一个买家恶意差评后就被限流了，流量一下掉没了，怎么办", "merchant_traffic")
    assert "6." not in seen  # five steps each at most
    assert "单独问我那一件" in seen
    assert "7." in answer("有买家给了恶意差评，还威胁不给钱就继续差评", "merchant_after_sales")  # one topic: every step
