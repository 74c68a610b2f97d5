"""Messages that carry several problems at once, written the way people write them (long, emotional, a daughter
for her mother, a buyer quoting the host, their own numbers), through the running stack, in both languages and
across the consumer, labour and merchant lines.

Each conversation asserts that every problem is dealt with in the first answer, most urgent first and none
dropped, with the person's own numbers and the article each rule rests on; and that the first answer stays
short (about 500 Chinese characters or 120 English words, in one or two messages) with "more detail" and
"next step" as buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kb import checkin
from kb.casework.reply import MORE_PAYLOAD, NEXT_PAYLOAD, length, limit
from tests.support import Chat

# A check-in question of the safety path (ASQ structure) in either language.
CHECKIN_MARKS = ("（1/4）", "(1/4)")


@dataclass(frozen=True)
class Case:
    """One conversation: what the person writes, and what the first answer must say, in order."""

    language: str
    messages: tuple[str, ...]
    # One phrase per problem, most urgent first: each must appear, in this order.
    in_order: tuple[str, ...]
    # The person's numbers and the citations that must appear too (any order).
    also: tuple[str, ...] = ()
    # When the safety check-in comes first, the person answers with this and asks about their problem.
    after_checkin: str = ""


CASES = {
    "zh_daughter_for_mother_bird_nest_food_and_fake_price": Case(
        "zh",
        (
            "我妈在直播间买了两盒燕窝，主播说原价1999今天只要840一盒，一共花了1680，结果她吃了以后上吐下泻住院了，"
            "医药费花了2300，后来才知道这个价格一直就是840，商家现在不理人，我该怎么帮她？",
        ),
        ("10 × ¥1,680 = ¥16,800", "前7日内的最低成交价"),
        ("损失3 × ¥2,300 = ¥6,900", "食品安全法第148条", "明码标价规定第16", "120"),
    ),
    "zh_buyer_quoting_the_host_jade_off_platform_blocked": Case(
        "zh",
        (
            "主播在直播间说“这是天然和田玉，假一赔十”，我花了2600买的，拿去鉴定说是玻璃，而且当时是主播让我加他微信"
            "转账的，现在把我拉黑了，我真的很生气",
        ),
        ("公安机关报案", "没走平台", "10 × ¥2,600 = ¥26,000", "3 × ¥2,600 = ¥7,800"),
        ("网络消费纠纷司法解释（一）第5条", "网络消费纠纷司法解释（一）第10", "消保法第55条"),
    ),
    "zh_exhausted_room_controller_owed_docked_no_contract": Case(
        "zh",
        (
            "我在一家MCN当场控快10个月了，一开始说好底薪5000加提成，到现在都没签合同，上个月开始工资一直拖着不发，"
            "已经欠我一万了，领导动不动就罚款，上周又扣了我500，我真的好累，不知道该怎么办",
        ),
        ("被扣的工资（¥500）", "拖欠的工资（¥10,000）", "9个月的二倍工资差额，约 ¥45,000"),
        ("12356", "累", "劳动法第50条", "劳动合同法第82条"),
        after_checkin="我没事，就是想问工资和合同的事怎么办",
    ),
    "zh_cooperation_agreement_penalty_no_social_insurance": Case(
        "zh",
        (
            "签的是主播合作协议，每天必须播8小时还要打卡，公司不给交社保，我想走，公司说要赔10万违约金，我一个月才拿4000",
        ),
        ("（对方要¥100,000）", "30日内办社保登记"),
        ("社会保险法第58条", "劳动合同法第25条"),
    ),
    "zh_offplatform_phone_never_shipped_many_victims": Case(
        "zh",
        ("看直播加了客服微信，转了800买手机，说好三天发货，半个月了都没发货，现在客服把我删了，群里好多人都一样",),
        ("公安机关报案", "没走平台", "风险由卖家承担"),
        ("¥800", "网络消费纠纷司法解释（一）第5条", "电子商务法第20条"),
    ),
    "zh_tea_farmer_agency_fee_fake_orders_vanished": Case(
        "zh",
        (
            "我是卖茶叶的，找了个代运营公司交了3万服务费，合同上保证三个月销量20万，结果都是刷单刷出来的，"
            "真实成交不到2万，现在人也联系不上了",
        ),
        ("公安机关报案", "不算真实销售"),
        ("（¥30,000）", "民法典第577条"),
    ),
    "zh_fake_original_price_and_refused_return": Case(
        "zh",
        (
            "直播间划线价写原价599，说今天只要199，我买了才发现平时一直卖199，想七天无理由退货商家不给退，说是特价不退",
            "5天前收到的",
        ),
        ("前7日内的最低成交价", "7天"),
        ("明码标价规定第16", "消保法第25条"),
    ),
    "en_room_controller_fined_owed_no_contract": Case(
        "en",
        (
            "I'm a room controller at a live-stream company. I've worked there 6 months with no contract, my base"
            " salary is 4000 a month, they fined me 300 for being late, and they still owe me last month's 4000.",
        ),
        ("(¥300)", "Unpaid wages (¥4,000)", "the double-wage difference for 5 of those months, about ¥20,000"),
        ("Labour Law Art 50", "Labour Contract Law Art 82"),
    ),
    "en_mother_silk_scarf_polyester_return_refused": Case(
        "en",
        (
            "My mother bought a 'pure silk' scarf for 399 yuan in a live stream. It turned out to be polyester and"
            " the seller refuses to take it back because she washed it.",
        ),
        ("3 × ¥399 = ¥1,197", "even after 7 days"),
        ("Consumer Protection Law Art 55", "Consumer Protection Law Art 24"),
    ),
    "en_guaranteed_authentic_bag_replica_many_victims_blocked": Case(
        "en",
        (
            "The host swore the designer bag was guaranteed authentic. I paid 1200 yuan, it is a replica, lots of"
            " people in the fan group got the same fake, and now the seller has blocked me.",
        ),
        ("police (110)", "3 × ¥1,200 = ¥3,600"),
        ("(¥1,200)", "Consumer Protection Law Art 55"),
    ),
    "en_honey_paid_by_wechat_to_the_assistant_son_sick": Case(
        "en",
        (
            "After a live stream the host's assistant told me to pay 260 yuan by WeChat transfer for a jar of honey;"
            " it was mouldy and my son got diarrhoea.",
            "about 300 yuan",
        ),
        ("10 × ¥260 = ¥2,600", "skipping the platform"),
        ("Food Safety Law Art 148", "SPC Online Consumer Disputes Rules (I) Art 5"),
    ),
    "en_slot_fee_orders_refunded_agency_blocked": Case(
        "en",
        (
            "As a seller I paid a 15000 yuan slot fee to a streamer's agency; they promised 500 orders, only 40 came"
            " in and 30 of those were refunded, and now they have blocked us on WeChat.",
        ),
        ("police (110)", "not real sales"),
        ("(¥15,000)", "Civil Code Art 577"),
    ),
    "en_burned_out_streamer_penalty_and_docked_pay": Case(
        "en",
        (
            "I stream 11 hours a day and I'm exhausted. My agency docked 1000 yuan from my pay last month, and they"
            " say I owe a 50000 yuan penalty if I quit.",
        ),
        ("(¥1,000)", "(the ¥50,000 they demand)", "Very long hours"),
        ("12356", "worn out", "K6", "Labour Law Art 50", "Civil Code Art 585"),
        after_checkin="I'm okay, I just want to know about the penalty and the docked pay",
    ),
}


async def first_answer(chat: Chat, case: Case) -> str:
    """The reply that answers the case (after a check-in, the reply to the person's own question)."""
    seen = ""
    for text in case.messages:
        seen = await chat.say(text)
    if case.after_checkin and any(mark in seen for mark in CHECKIN_MARKS):
        assert "12356" in seen  # safety first: the hotline is there before anything else
        seen = await chat.say(case.after_checkin)
    return seen


@pytest.mark.parametrize("name", list(CASES))
async def test_every_problem_is_answered_most_urgent_first_with_the_persons_numbers(chat: Chat, name: str) -> None:
    case = CASES[name]
    seen = await first_answer(chat, case)
    missing = [phrase for phrase in (*case.in_order, *case.also) if phrase not in seen]
    assert not missing, f"missing {missing} in:\n{seen}"
    positions = [seen.index(phrase) for phrase in case.in_order]
    assert positions == sorted(positions), f"not most urgent first: {case.in_order} in:\n{seen}"


@pytest.mark.parametrize("name", list(CASES))
async def test_the_first_answer_is_short_with_more_detail_and_next_step_buttons(chat: Chat, name: str) -> None:
    case = CASES[name]
    await first_answer(chat, case)
    # A check-in close before the answer is not part of it: the answer is the messages that carry the buttons.
    close_keys = ("declined_close", "question_first_close", "negative_close")
    closes = {checkin.text(key, case.language) for key in close_keys}
    answer = [reply for reply in chat.last if reply.text not in closes]
    total = sum(length(reply.text, case.language) for reply in answer)
    assert len(answer) <= 2 and total <= limit(case.language), f"{len(answer)} messages, {total}"
    payloads = [button.payload for reply in answer for button in reply.buttons]
    assert MORE_PAYLOAD in payloads and NEXT_PAYLOAD in payloads
