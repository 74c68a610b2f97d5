"""Long messages with several problems, through the running stack: each problem answered with the person's own
numbers and the article it rests on, the most urgent first, none dropped, and a first answer short enough to
read on a phone (about 500 Chinese characters or 120 English words, in at most two messages)."""

from __future__ import annotations

from kb.casework.reply import length, limit
from tests.support import Chat

MORE = "/ask_more_detail"


def first_answer_fits(chat: Chat, language: str) -> bool:
    """The messages of the last reply (buttons not counted) fit the first answer's budget."""
    texts = [reply.text for reply in chat.last]
    return len(texts) <= 2 and sum(length(text, language) for text in texts) <= limit(language)


def buttons(chat: Chat) -> list[str]:
    return [button.payload for reply in chat.last for button in reply.buttons]


async def test_an_exhausted_assistant_with_long_shifts_and_docked_pay_hears_about_the_deductions(chat: Chat) -> None:
    seen = await chat.say("我是助播，每天播12个小时，公司经常扣我工资，上个月扣了800，现在天天失眠，真的撑不下去了")
    assert "12356" in seen
    if "被扣的工资" not in seen:  # the safety check-in came first; the person then asks about the pay
        seen = await chat.say("我没事，就是想知道公司扣我800工资合不合法")
    assert "不得克扣工资" in seen and "¥800" in seen and "劳动法第50条" in seen


async def test_no_contract_and_unpaid_wages_are_both_answered_with_their_numbers(chat: Chat) -> None:
    seen = await chat.say("在公司做了5个月主播，一直没签合同，底薪4000，工资拖了两个月没发，欠我8000")
    assert "拖欠的工资（¥8,000）" in seen and "劳动合同法第30" in seen
    assert "4个月的二倍工资差额，约 ¥16,000" in seen and "劳动合同法第82条" in seen
    assert seen.index("拖欠的工资") < seen.index("二倍工资")  # money owed now comes before the contract
    assert first_answer_fits(chat, "zh") and MORE in buttons(chat)


async def test_the_months_of_a_missing_contract_can_come_in_a_later_message(chat: Chat) -> None:
    seen = await chat.say("我在直播公司上班，老板一直不跟我签劳动合同，工资也经常拖")
    assert "你在那里做了几个月" in seen
    seen = await chat.say("8个月，月薪6000")
    assert "7个月的二倍工资差额，约 ¥42,000" in seen
    assert "你在那里做了几个月" not in seen  # asked once, never again


async def test_a_buyer_who_paid_by_wechat_transfer_after_a_live_stream_keeps_the_sellers_liability(chat: Chat) -> None:
    seen = await chat.say("看直播买了个翡翠手镯，主播让我加微信转账付了3000，收到发现是玻璃的")
    assert "网络消费纠纷司法解释（一）第5条" in seen and "没走平台" in seen
    assert "3 × ¥3,000 = ¥9,000" in seen and "消保法第55条" in seen
    assert first_answer_fits(chat, "zh")


async def test_a_fake_one_pay_ten_promise_binds_the_one_who_made_it(chat: Chat) -> None:
    seen = await chat.say("直播间主播承诺假一赔十，我花899买的包，鉴定出来是假的")
    assert "10 × ¥899 = ¥8,990" in seen and "网络消费纠纷司法解释（一）第10" in seen
    assert "3 × ¥899 = ¥2,697" in seen
    assert seen.index("¥8,990") < seen.index("¥2,697")  # the stronger remedy first


async def test_a_cashmere_coat_that_is_acrylic_is_answered_as_fraud_not_as_a_7_day_return(chat: Chat) -> None:
    seen = await chat.say("直播间说是纯羊绒大衣，我花了1200，收到一看洗标写的是腈纶")
    assert "谎称材质" in seen and "可能构成欺诈" in seen and "3 × ¥1,200 = ¥3,600" in seen
    assert "七日无理由" not in seen


async def test_in_english_a_misstated_material_gets_three_times_with_the_500_yuan_minimum(chat: Chat) -> None:
    seen = await chat.say("The host said the scarf was pure cashmere, I paid 150 yuan, and the label says acrylic")
    assert (
        "may be fraud" in seen
        and "3 × ¥150 = ¥450, below the minimum, so ¥500" in seen
        and "Consumer Protection Law Art 55" in seen
    )
    assert first_answer_fits(chat, "en") and "证据" not in seen


async def test_a_merchant_whose_promised_sales_were_refunded_or_faked_learns_they_do_not_count(chat: Chat) -> None:
    seen = await chat.say("我交了2万代运营服务费，对方保证销量10万，结果大部分订单后来都退款了，还有一些是刷单")
    assert "不算真实销售" in seen and "（¥20,000）" in seen and "民法典第577条" in seen
    seen = await chat.say(MORE)
    assert "刷单约定无效" in seen and "网络消费纠纷司法解释（一）第9条" in seen and "由法院判断" in seen


async def test_in_english_an_agency_fee_for_sales_that_were_refunded_is_a_breach(chat: Chat) -> None:
    seen = await chat.say(
        "I paid a 20000 yuan agency fee to an operations company that promised 100000 in sales. Most orders were"
        " refunded later and some were fake orders."
    )
    assert "not real sales" in seen and "(¥20,000)" in seen and "Civil Code Art 577" in seen
    assert first_answer_fits(chat, "en")


async def test_in_english_no_contract_and_unpaid_wages_are_both_answered(chat: Chat) -> None:
    seen = await chat.say(
        "I worked 8 months as a streamer with no written contract, base pay 5000 a month, and they haven't paid"
        " my wages for two months"
    )
    assert "the double-wage difference for 7 of those months, about ¥35,000" in seen
    assert "Unpaid wages" in seen and "Labour Contract Law Art 30" in seen
    assert first_answer_fits(chat, "en")


async def test_food_harm_asks_the_loss_and_three_times_the_medical_bill_is_computed(chat: Chat) -> None:
    seen = await chat.say("直播间买的牛肉干80块，吃了拉肚子去了医院，划线原价199也是假的")
    food = next((b.payload for r in chat.last for b in r.buttons if b.title == "食品安全问题"), None)
    if food is not None:  # the NLU was unsure which problem leads and asked; the person taps food
        seen = await chat.say(food)
    assert "损失一共大约多少钱" in seen
    seen = await chat.say("600")
    assert "损失3 × ¥600 = ¥1,800" in seen and "可主张 ¥1,800" in seen and "食品安全法第148条" in seen
    assert "虚构原价" in seen  # the second problem is not dropped


async def test_a_penalty_demand_with_signs_of_employment_and_long_shifts(chat: Chat) -> None:
    seen = await chat.say("签的是经纪合同，每天要播12小时，有底薪还要打卡，现在想解约，公司要我赔20万违约金")
    assert "（对方要¥200,000）" in seen and "劳动合同法第25条" in seen
    assert first_answer_fits(chat, "zh")
    details = await chat.say(MORE)
    assert "由法院或仲裁机构" in details or "取决于仲裁或法院" in details
    while "下一件" in details:
        details = await chat.say(MORE)
    assert "以上是全部细节" in details


async def test_a_streamer_who_cannot_sleep_is_offered_k6_and_who5_side_by_side(chat: Chat) -> None:
    seen = await chat.say("I stream 12 hours a day for my agency, they dock my pay, and I can't sleep well lately")
    assert "/wellbeing_checkin" in buttons(chat) and '/wellbeing_checkin{"instrument":"who5"}' in buttons(chat)
    assert "dock wages" in seen
    seen = await chat.say('/wellbeing_checkin{"instrument":"who5"}')
    assert "(1/5)" in seen and "two weeks" in seen
    for _ in range(5):
        seen = await chat.say('/inform{"rating":"2"}')
    assert "20/100" in seen and "not a diagnosis" in seen


async def test_next_step_after_a_casework_answer_repeats_its_first_step(chat: Chat) -> None:
    answer = await chat.say("在公司做了5个月主播，一直没签合同，工资拖了两个月没发")
    first_step = next(line for line in answer.splitlines() if line.startswith("1. "))[3:]
    seen = await chat.say("/ask_next_step")
    assert first_step[:15] in seen


async def test_in_english_food_harm_and_a_fake_original_price_are_both_answered(chat: Chat) -> None:
    seen = await chat.say(
        "I bought beef jerky for 80 yuan in a live stream, the crossed-out original price of 199 was fake,"
        " and I got diarrhoea and went to hospital"
    )
    food = next((b.payload for r in chat.last for b in r.buttons if b.title == "Food safety problem"), None)
    if food is not None:  # the NLU asked which problem leads; the person taps food
        seen = await chat.say(food)
    assert "medical bills" in seen
    seen = await chat.say("600 yuan")
    assert "3 × the ¥600 loss = ¥1,800" in seen and "so ¥1,800" in seen and "Food Safety Law Art 148" in seen
    assert "Fake original price" in seen


async def test_in_english_a_penalty_with_signs_of_employment_walks_through_the_detail(chat: Chat) -> None:
    seen = await chat.say(
        "My agency contract says I owe a 200000 yuan penalty if I leave; I clock in every day and get a base salary"
    )
    assert "(the ¥200,000 they demand)" in seen and "Labour Contract Law Art 25" in seen
    assert first_answer_fits(chat, "en")
    details = await chat.say(MORE)
    assert "court or arbitrator" in details and "That's all the detail" in details


async def test_in_english_a_fake_one_pay_ten_promise_comes_before_three_times(chat: Chat) -> None:
    seen = await chat.say("The host promised fake one pay ten; I paid 899 yuan and the bag is a counterfeit")
    assert "10 × ¥899 = ¥8,990" in seen and "SPC Online Consumer Disputes Rules (I) Art 10" in seen
    assert seen.index("¥8,990") < seen.index("3 × ¥899")
    assert first_answer_fits(chat, "en")
