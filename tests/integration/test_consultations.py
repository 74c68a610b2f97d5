"""Consultations through the running stack: one conversation per consumer problem, checking the numbers and
articles the person reads (first answer, and "more detail" where the full procedure is asked for), plus leaving,
skipping, switching topic, the pitch checker and the check-in."""

from __future__ import annotations

from tests.support import Chat

NOTE_ZH = "不是法律意见"
NOTE_EN = "not legal advice"

# How a person answers each question the form may ask (button payloads, as a tap would send them).
ANSWERS = {
    "amount_paid": '/inform{"money":"200"}',
    "loss_amount": "/skip",
    "days_since_receipt": '/inform{"days_ago":"3"}',
}
QUESTIONS = {
    "amount_paid": ("实付多少钱", "How much did you pay"),
    "loss_amount": ("损失一共大约多少钱", "medical bills"),
    "days_since_receipt": ("收到的货", "When did the parcel arrive"),
}
MORE = "/ask_more_detail"


async def consult(chat: Chat, first: str, **answers: str) -> str:
    """Describe a problem, answer whatever the form still asks, and return the final answer the user sees."""
    replies = {**ANSWERS, **answers}
    seen = await chat.say(first)
    for _ in range(len(QUESTIONS) + 1):
        if NOTE_ZH in seen or NOTE_EN in seen:
            return seen
        slot = next((name for name, asks in QUESTIONS.items() if any(ask in seen for ask in asks)), None)
        assert slot is not None, f"neither a question nor an answer:\n{seen}"
        seen = await chat.say(replies[slot])
    raise AssertionError(f"the form never finished:\n{seen}")


async def consult_in_detail(chat: Chat, first: str, **answers: str) -> str:
    """The first answer and then every "more detail" page, as one text."""
    seen = await consult(chat, first, **answers)
    pages = [seen]
    for _ in range(6):
        if MORE not in [button.payload for reply in chat.last for button in reply.buttons]:
            break
        pages.append(await chat.say(MORE))
    return "\n".join(pages)


async def test_a_200_yuan_fake_bag_gets_the_500_yuan_minimum_under_article_55(chat: Chat) -> None:
    seen = await consult(chat, "在抖音直播间买的包是假货，怎么维权", amount_paid='/inform{"money":"200"}')
    assert "3 × ¥200 = ¥600" in seen and "最低¥500" in seen and "消保法第55条" in seen
    assert "留好证据：直播录屏" in seen


async def test_a_douyin_buyer_is_told_the_name_of_douyins_intervention_button(chat: Chat) -> None:
    seen = await consult(chat, '/consumer_counterfeit{"platform":"douyin","money":"200"}')
    assert "申请官方介入" in seen


async def test_exaggerated_slimming_claims_cite_advertising_law_and_fraud_compensation(chat: Chat) -> None:
    seen = await consult_in_detail(chat, "直播间说减肥茶一个月瘦二十斤，完全是骗人的")
    assert (
        "虚假宣传可能构成欺诈" in seen and "消保法第20条" in seen and "广告法第17条" in seen and "消保法第55条" in seen
    )


async def test_clothes_received_3_days_ago_are_within_the_7_day_window_under_article_25(chat: Chat) -> None:
    seen = await consult(chat, "七天无理由退货商家不给退")
    assert "七日无理由退货期还没过" in seen and "还剩 4 天" in seen
    assert "消保法第25条、消保法实施条例第19条" in seen


async def test_a_return_asked_8_days_after_delivery_is_outside_the_window(chat: Chat) -> None:
    seen = await consult(chat, "七天无理由退货商家不给退", days_since_receipt='/inform{"days_ago":"8"}')
    assert "七日无理由退货期已于" in seen and "退货、更换或修理" in seen and "消保法第24条" in seen


async def test_silk_that_turns_out_polyester_is_answered_as_fraud_with_the_not_as_described_steps(chat: Chat) -> None:
    seen = await consult_in_detail(chat, "说是真丝的，收到是涤纶，和直播间展示的完全不一样")
    assert "谎称材质" in seen and "3 × ¥200 = ¥600" in seen and "消保法第55条" in seen
    assert "产品质量法第40条" in seen and "消保法第24条" in seen


async def test_80_yuan_of_unsafe_snacks_gets_the_1000_yuan_minimum_under_article_148(chat: Chat) -> None:
    seen = await consult(chat, "直播间买的零食吃了拉肚子", amount_paid='/inform{"money":"80"}')
    assert "10 × ¥80 = ¥800，可主张 ¥1,000" in seen and "食品安全法第148条" in seen
    assert "120" in seen and "[转社工]" in seen


async def test_a_face_mask_rash_cites_the_cosmetics_rules_and_the_2_year_injury_limit(chat: Chat) -> None:
    seen = await consult_in_detail(chat, "用了直播间买的面膜脸过敏了，又红又痒")
    assert "化妆品监督管理条例第16、17条" in seen and "产品质量法第44、45条" in seen and "2年" in seen
    assert "[转社工]" in seen


async def test_a_fake_original_price_cites_the_7_day_lowest_price_rule(chat: Chat) -> None:
    seen = await consult_in_detail(chat, "直播间的原价是虚构的吧，从来没卖过那个价")
    assert "前7日内的最低成交价" in seen and "明码标价规定第16、19条" in seen and "消保法第55条" in seen


async def test_a_parcel_never_delivered_puts_transit_risk_on_the_seller(chat: Chat) -> None:
    seen = await consult(chat, "付款一个星期了商家一直不发货")
    assert "风险由卖家承担" in seen and "电子商务法第20条" in seen


async def test_a_childs_tipping_cites_the_civil_code_and_offers_a_social_worker(chat: Chat) -> None:
    seen = await consult(chat, "我儿子未成年，偷偷打赏主播五千块，能退吗")
    assert "监护人不同意、不追认的，可要求退还" in seen and "民法典第19、145条" in seen
    assert "[转社工]" in seen


async def test_off_platform_payment_fraud_says_call_110_and_offers_a_person(chat: Chat) -> None:
    seen = await consult(chat, "主播让我加微信私下转账，现在联系不上了")
    assert "110" in seen and "网络消费纠纷司法解释（一）第5条" in seen and "[转社工]" in seen
    assert seen.index("110") < seen.index("第5条")  # the possible crime first


async def test_a_repair_refused_under_warranty_cites_article_24(chat: Chat) -> None:
    seen = await consult(chat, "保修期内坏了，商家不给修")
    assert "消保法第24条" in seen


async def test_a_fake_bag_bought_on_a_livestream_is_answered_in_english_with_a_citation(chat: Chat) -> None:
    seen = await consult(chat, "I bought a fake bag on a livestream")
    assert "Consumer Protection Law Art 55" in seen and "3 × ¥200 = ¥600" in seen
    assert "Keep:" in seen and NOTE_EN in seen
    assert "证据" not in seen


async def test_english_food_poisoning_gets_the_tenfold_rule_in_english(chat: Chat) -> None:
    seen = await consult(
        chat,
        "I got sick after eating snacks from a live stream",
        amount_paid='/inform{"money":"80"}',
    )
    assert "Food Safety Law Art 148" in seen and "10 × ¥80 = ¥800, so ¥1,000" in seen


async def test_facts_in_the_first_message_are_not_asked_again(chat: Chat) -> None:
    seen = await chat.say('/consumer_counterfeit{"platform":"kuaishou","money":"300"}')
    assert "哪个平台" not in seen and "实付多少钱" not in seen and "收到的货" not in seen
    assert "3 × ¥300 = ¥900" in seen  # nothing else changes the answer, so nothing is asked


async def test_dont_know_skips_the_question_and_the_answer_still_comes(chat: Chat) -> None:
    seen = await chat.say('/consumer_counterfeit{"platform":"taobao"}')
    assert "实付多少钱" in seen
    seen = await chat.say("/skip")
    assert "最低¥500" in seen and NOTE_ZH in seen and "实付多少钱" not in seen


async def test_the_user_can_leave_the_form_at_any_time(chat: Chat) -> None:
    await chat.say('/consumer_counterfeit{"platform":"taobao"}')
    seen = await chat.say("/stop")
    assert "已停止" in seen
    seen = await chat.say("/greet")
    assert "实付多少钱" not in seen


async def test_switching_from_a_fake_to_a_food_problem_changes_the_consultation(chat: Chat) -> None:
    await chat.say('/consumer_counterfeit{"platform":"taobao"}')
    seen = await chat.say("/consumer_food_safety")
    assert "食品安全问题" in seen


async def test_a_pasted_script_is_checked_for_absolute_terms_and_disease_claims(chat: Chat) -> None:
    seen = await chat.say("帮我看看这段话术：全网最低价，国家级工艺，喝了能降血压")
    assert "广告法第9条" in seen and "广告法第17条" in seen and "直播间优惠价" in seen


async def test_the_script_can_follow_in_the_next_message(chat: Chat) -> None:
    seen = await chat.say("/merchant_pitch_check")
    assert "粘贴" in seen
    seen = await chat.say("原价399今天只要99，蓝帽子保健品增强免疫力")
    assert "明码标价规定第16、19条" in seen and "本品不能代替药物" in seen


async def test_a_wellbeing_checkin_with_high_scores_offers_a_social_worker(chat: Chat) -> None:
    seen = await chat.say("/wellbeing_checkin")
    assert "(1/6)" in seen
    for _ in range(6):
        seen = await chat.say('/inform{"rating":"5"}')
    assert "24/24" in seen and "12356" in seen and "[转社工]" in seen


async def test_a_streamer_without_a_contract_gets_the_double_wage_rule(chat: Chat) -> None:
    seen = await chat.say("/streamer_no_contract")
    assert "劳动合同法第82条" in seen and "最多11个月" in seen and "你在那里做了几个月" in seen


async def test_a_self_harm_answer_during_the_checkin_goes_to_the_crisis_path(chat: Chat) -> None:
    await chat.say("/wellbeing_checkin")
    await chat.say('/inform{"rating":"4"}')
    seen = await chat.say("我不想活了")
    assert "12356" in seen and "(3/6)" not in seen


async def test_a_streamer_question_in_the_middle_of_a_consumer_form_switches_cleanly(chat: Chat) -> None:
    await chat.say('/consumer_counterfeit{"platform":"taobao"}')
    seen = await chat.say("/streamer_burnout")
    assert "国务院关于职工工作时间的规定第3条" in seen and "实付多少钱" not in seen
    assert "商品与宣传不符" in seen  # the fake left unanswered is still in the case, not dropped
    seen = await chat.say("/merchant_compliance")
    assert "电子商务法第15条" in seen and "实付多少钱" not in seen


async def test_a_price_corrected_after_the_answer_is_recalculated(chat: Chat) -> None:
    await consult(chat, '/consumer_counterfeit{"platform":"taobao","money":"200"}')
    seen = await chat.say('/inform{"money":"300"}')
    assert "重新计算" in seen and "¥900" in seen


async def test_platform_and_price_typed_in_the_first_message_are_used_not_asked(chat: Chat) -> None:
    first = await chat.say("在抖音直播间买的包是假货，花了两百块")
    assert "哪个平台" not in first and "实付多少钱" not in first
    # The answer may come at once (the facts suffice) or after the date; either way nothing given is asked again.
    later = await chat.say("三天前收到的")
    assert "哪个平台" not in later and "实付多少钱" not in later
    assert "3 × ¥200 = ¥600" in first + later and "申请官方介入" in first + later


async def test_a_seller_whose_payouts_are_frozen_hears_of_the_unreasonable_fees_rule(chat: Chat) -> None:
    seen = await chat.say("my payouts on TikTok Shop have been on hold for six weeks and support just sends templates")
    assert "E-Commerce Law Arts 35, 82" in seen


async def test_a_suspended_shop_is_told_the_platform_must_publish_the_measure(chat: Chat) -> None:
    seen = await chat.say("店铺因为违规被封了 怎么申诉")
    assert "电子商务法第36条" in seen


async def test_a_buyer_taken_to_hospital_hears_to_look_after_her_health_before_any_money_question(chat: Chat) -> None:
    seen = await chat.say("我在直播间买的减肥茶 喝了三天拉肚子拉到住院 主播说纯天然无副作用")
    first_question = min((seen.find(q) for q in ("多少钱", "损失") if q in seen), default=len(seen))
    assert "就医" in seen[:first_question] and "120" in seen, seen


async def test_a_buyer_with_a_reaction_hears_about_her_health_first_whatever_the_problem_is_read_as(chat: Chat) -> None:
    # Read as after-sales (the seller does not answer), not as food or cosmetics harm: the health line still leads.
    seen = await chat.say("我在TikTok Shop买的supplement吃了过敏 满脸红疹 seller不回消息")
    assert "就医" in seen.split("\n")[0] and "120" in seen, seen
    assert "哪天收到的货" not in seen  # someone hurt is not asked the delivery date first
