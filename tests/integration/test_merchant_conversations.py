"""Merchants through the running stack: a farmer's honey script is never cleared, a claim question gets a
direct answer, a throttled shop hears about appeals and malicious reviews, and every product class gets its
own licence answer, in Chinese and English."""

from __future__ import annotations

import pytest

from tests.support import Chat

HONEY = "这款蜂蜜一勺治咳嗽，吃了增强免疫力不生病"
HONEY_CLAIMS = ("治咳嗽", "增强免疫力", "不生病")


def rewrite_bubble(chat: Chat) -> str:
    """The bubble holding the suggested rewording."""
    return next(reply.text for reply in chat.last if "改写" in reply.text or "重写" in reply.text)


async def test_the_honey_script_is_flagged_under_the_advertising_and_food_safety_laws(chat: Chat) -> None:
    seen = await chat.say(f"帮我看看这段直播话术：{HONEY}")
    assert "没发现" not in seen and "没有我能识别" not in seen
    assert "“治咳嗽”" in seen and "“增强免疫力”" in seen and "“不生病”" in seen
    assert "广告法第17条、食品安全法第73条" in seen and "食品安全法实施条例第38条" in seen
    rewrite = rewrite_bubble(chat)
    assert not [claim for claim in HONEY_CLAIMS if claim in rewrite]


async def test_the_honey_script_sent_after_the_checker_asks_for_it_is_checked(chat: Chat) -> None:
    seen = await chat.say("/merchant_pitch_check")
    assert "粘贴" in seen
    seen = await chat.say(HONEY)
    assert "普通（加工）食品" in seen and "广告法第17条" in seen and "没查的" in seen
    assert not [claim for claim in HONEY_CLAIMS if claim in rewrite_bubble(chat)]


async def test_a_can_i_say_question_is_answered_directly_and_not_rewritten(chat: Chat) -> None:
    seen = await chat.say("那'治咳嗽'可以说吗？'纯天然''无添加'能不能说？")
    assert "「治咳嗽」不能说" in seen and "广告法第17条" in seen
    assert (
        "「纯天然」有真实依据（证明、注册或来源）才能说" in seen
        and "「无添加」有真实依据（证明、注册或来源）才能说" in seen
    )
    assert "请把商品标题" not in seen and "参考改写" not in seen


async def test_an_english_claim_question_is_answered_in_english(chat: Chat) -> None:
    seen = await chat.say("Can I say my honey cures coughs?")
    assert "may not be said" in seen and "Advertising Law Art 17" in seen


async def test_a_shop_throttled_after_a_malicious_review_gets_appeals_and_review_steps(chat: Chat) -> None:
    seen = await chat.say("我的直播间被一个买家恶意差评后就被限流了，流量一下掉没了，怎么办")
    assert "恶意差评与索要钱款" in seen and "限流、处罚与申诉" in seen
    assert "电子商务法第39条" in seen and "电子商务法第36条" in seen and "消保法实施条例第27条" in seen
    assert "七日无理由退货期" not in seen and "哪个平台" not in seen


async def test_an_english_seller_throttled_after_a_bad_review_is_answered_in_english(chat: Chat) -> None:
    seen = await chat.say("My shop got throttled after a malicious review, how do I appeal?")
    assert "E-Commerce Law Art 36" in seen and "E-Commerce Law Art 39" in seen


async def test_a_seller_whose_buyer_wore_the_clothes_hears_the_intact_rule_and_its_exception(chat: Chat) -> None:
    seen = await chat.say("买家穿过的衣服吊牌都剪了还要七天无理由退货，我能拒吗")
    assert "买家退回的商品不完好" in seen and "消保法第25条" in seen and "消保法实施条例第19条" in seen


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我卖自己晒的干香菇，需要办什么证", ("初级农产品", "食品安全法第2条", "未核实")),
        ("卖蜂蜜要办什么许可证", ("普通（加工）食品", "食品生产许可", "未核实")),
        ("卖保健品要办哪些证", ("保健食品", "食品安全法第76、78条")),
        ("我卖面霜需要什么资质", ("化妆品", "化妆品监督管理条例第16、17条")),
        ("卖家用血压计要什么许可", ("医疗器械", "未核实")),
        ("卖衣服需要办什么证", ("服装鞋帽", "电子商务法第15条")),
        ("卖充电宝要什么资质", ("电子电器", "3C")),
        ("卖网课需要办证吗", ("课程与培训", "广告法第24条")),
    ],
)
async def test_a_licence_question_is_answered_for_the_product_class(
    chat: Chat, question: str, expected: tuple[str, ...]
) -> None:
    seen = await chat.say(question)
    assert all(text in seen for text in expected), seen


async def test_an_english_licence_question_for_dried_mushrooms(chat: Chat) -> None:
    seen = await chat.say("what licence do I need to sell dried mushrooms online")
    assert "primary farm produce" in seen and "Food Safety Law Art 35" in seen and "unverified" in seen
