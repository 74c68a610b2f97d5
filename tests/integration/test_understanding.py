"""Real messages read as a person would: who is speaking, every problem in the message, no dropped question."""

from __future__ import annotations

from tests.support import Chat

# What the consumer case asks first; a merchant or streamer answer never asks these.
CONSUMER_QUESTIONS = ("平台", "哪类商品", "多少钱", "收到", "材料")
ANYTHING_ELSE = "还有什么需要帮忙的吗"
# Half typed, half keyboard mash (as a bumped phone types): the NLU cannot tell which problem it is.
UNCLEAR = "dfgh 主播 kjhg 钱"


def _payloads(chat: Chat) -> list[str]:
    return [button.payload for reply in chat.last for button in reply.buttons]


async def test_a_buyer_quoting_the_streamer_stays_a_buyer(chat: Chat) -> None:
    seen = await chat.say(
        "收到的玉镯上有一道裂 主播在直播间跟我说那是天然的石纹 我不信 已经申请了退款 商家一直拖着不处理"
    )
    assert any(word in seen for word in CONSUMER_QUESTIONS), seen


async def test_a_daughter_writing_for_her_mother_gets_the_consumer_case(chat: Chat) -> None:
    seen = await chat.say("我妈在直播间买了一盒“降糖茶” 喝了以后头晕心慌 她不会弄手机 我替她问问怎么退怎么投诉")
    assert any(word in seen for word in CONSUMER_QUESTIONS), seen


async def test_two_problems_one_is_answered_and_the_other_offered(chat: Chat) -> None:
    seen = await chat.say("公会拖了我三个月工资不发，当初也没跟我签合同，社保一直没交，我现在该怎么办")
    assert "我听" in seen, seen
    offered = [p for p in _payloads(chat) if p.startswith("/streamer_")]
    assert offered, seen
    second = await chat.say(offered[0])
    assert "1. " in second and "我听到了" not in second, second


async def test_crying_emoji_get_a_check_in_with_the_hotline(chat: Chat) -> None:
    seen = await chat.say("😭😭😭")
    assert "12356" in seen and ("安全" in seen or "（1/4）" in seen), seen
    assert ANYTHING_ELSE not in seen


async def test_an_emoji_only_message_gets_a_warm_specific_prompt_and_the_next_words_are_read(chat: Chat) -> None:
    seen = await chat.say("🤔🤔")
    assert "一两句话" in seen and ANYTHING_ELSE not in seen, seen
    seen = await chat.say("公会已经三个月没给我发工资了")
    assert "1. " in seen and ANYTHING_ELSE not in seen, seen


async def test_words_typed_in_answer_to_which_one_are_read(chat: Chat) -> None:
    seen = await chat.say(UNCLEAR)
    assert "哪一种" in seen or "发生了什么" in seen, seen
    seen = await chat.say("买的东西是假货")
    assert any(word in seen for word in CONSUMER_QUESTIONS) and ANYTHING_ELSE not in seen, seen


async def test_dont_know_in_answer_to_which_one_handles_the_candidates(chat: Chat) -> None:
    seen = await chat.say(UNCLEAR)
    assert "哪一种" in seen or "发生了什么" in seen, seen
    seen = await chat.say("不知道")
    assert ANYTHING_ELSE not in seen, seen
    assert "最可能" in seen or "发生了什么" in seen, seen


async def test_a_crisis_typed_in_answer_to_which_one_goes_to_the_crisis_reply(chat: Chat) -> None:
    await chat.say(UNCLEAR)
    seen = await chat.say("我真的不想活了")
    assert "12356" in seen, seen


async def test_a_mother_writing_about_her_streamer_daughter_gets_the_streamer_answer(chat: Chat) -> None:
    seen = await chat.say("我女儿在一家直播公司上班 每天从下午播到凌晨 三个月没发工资 合同也没签 我这当妈的想帮她问问")
    assert "拖欠" in seen and "实付" not in seen and "哪类商品" not in seen, seen


async def test_a_merchant_writing_about_a_buyer_gets_the_merchant_answer(chat: Chat) -> None:
    seen = await chat.say("买家退回来的包裹是空的 我的货没了 平台还判我退款给他 我该怎么申诉")
    assert "申诉" in seen and "实付" not in seen and "哪类商品" not in seen, seen


async def test_a_daughter_writing_about_her_mothers_job_hears_about_her_mother(chat: Chat) -> None:
    seen = await chat.say(
        "我妈在一个直播间当助播，每天从早上九点干到晚上十点，老板上个月还扣了她800块工资，她最近整晚睡不着，我很担心她"
    )
    assert "替妈妈" in seen and "【适用于她的】" in seen, seen
    assert "¥800" in seen and "每天13小时" in seen, seen
    assert "你现在很着急，这很正常" in seen and "睡不好" not in seen.split("这很正常")[0], seen


async def test_a_buyer_adding_that_the_seller_blocked_them_stays_in_their_case(chat: Chat) -> None:
    await chat.say("我在抖音直播间买了一个299的包，收到发现是假货")
    seen = await chat.say("另外卖家还把我拉黑了")
    # Read as the buyer's after-sales problem or as a fact of the case: either way the platform can step in.
    assert "网暴" not in seen and "场控" not in seen, seen
    assert "介入" in seen, seen


async def test_a_son_worried_about_his_fathers_live_stream_buying_gets_the_family_steps(chat: Chat) -> None:
    seen = await chat.say("我爸退休以后天天守着直播间买保健品，这个月快递就有三十多个，说他也不听，我该怎么办")
    assert "7天内无理由退货" in seen and "免密支付" in seen and "民法典第22" in seen, seen


async def test_how_to_do_one_of_the_family_steps_is_answered_as_a_follow_up_not_with_the_help_text(chat: Chat) -> None:
    await chat.say(
        "my dad keeps buying health products from douyin live rooms, he spent like 20k this year, he won't listen"
    )
    seen = await chat.say("how do I turn off his password-free payments?")
    assert "How to do it" in seen and "payment settings" in seen, seen
    assert "Commands:" not in seen, seen


async def test_asking_how_the_line_works_still_gets_the_help_text(chat: Chat) -> None:
    seen = await chat.say("这个热线怎么用？")
    assert "用你自己的话说说发生了什么" in seen, seen


async def test_someone_sharing_a_good_night_of_sales_is_thanked_not_sent_out_of_scope(chat: Chat) -> None:
    seen = await chat.say("我们家的猕猴桃昨晚第一次上直播，三个小时卖了八百多箱，全家都高兴坏了")
    assert "谢谢你" in seen and "超出了本热线的服务范围" not in seen, seen


async def test_a_question_typed_after_the_check_in_closes_gets_the_problem_the_person_came_with(chat: Chat) -> None:
    seen = await chat.say(
        "I stream 12 hours a day for an agency, they docked 1500 from my pay last month and I can't sleep anymore."
        " honestly there's no point to any of it"
    )
    assert "12356" in seen, seen
    for _ in range(4):
        seen = await chat.say("no")
    assert "Go on with my problem" in seen or "go on" in seen.lower(), seen
    seen = await chat.say("ok so how do I get the 1500 back?")
    assert "¥1,500" in seen and "Labour Law Art 50" in seen, seen
    assert "After-sales duties" not in seen, seen


async def test_a_merchant_with_an_empty_return_asks_what_if_the_platform_refuses_and_whether_to_call_the_police(
    chat: Chat,
) -> None:
    seen = await chat.say("买家退回来的包裹是空的 我的货没了 平台还判我退款给他 我该怎么申诉")
    assert "退回空包或被掉包" in seen and "称重" in seen, seen
    seen = await chat.say("要是平台也不理我呢")
    assert "12315" in seen or "市场监管" in seen, seen
    seen = await chat.say("我是不是该报警")
    assert "110" in seen and "你是机器人吗" not in seen, seen


async def test_an_unclear_message_whose_words_make_the_case_is_answered_and_its_follow_up_stays_on_it(
    chat: Chat,
) -> None:
    seen = await chat.say(
        "hi, I paid 450 yuan to a host's assistant on WeChat for a 'limited' handbag after a live stream two weeks"
        " ago. nothing arrived and now she blocked me"
    )
    assert "110" in seen and "¥450" in seen and "Is it one of these" not in seen, seen
    seen = await chat.say("is it too late to report it?")
    assert "3 years" in seen and "review" not in seen, seen


async def test_an_unclear_sellers_message_whose_words_name_a_penalty_gets_the_appeal_steps(chat: Chat) -> None:
    seen = await chat.say(
        "my shop on douyin got throttled after I wrote 'best in the world' in the title, how do I appeal?"
    )
    assert "Throttling, penalties and appeals" in seen and "Is it one of these" not in seen, seen


async def test_a_relative_who_stopped_her_diabetes_medicine_hears_about_the_medicine_before_any_price_question(
    chat: Chat,
) -> None:
    seen = await chat.say(
        "My mum keeps buying 'health tea' from a livestream, the host says it lowers blood sugar and she stopped"
        " her metformin."
    )
    medicine = next((words for words in ("should not be stopped", "get back on the medicine") if words in seen), None)
    assert medicine is not None, seen
    if "How much did you pay" in seen:
        assert seen.index(medicine) < seen.index("How much did you pay"), seen
    later = await chat.say("She says the host is like a daughter to her and won't listen to me")
    assert "Which of these" not in later and "I want to be sure I understood you" not in later, later
