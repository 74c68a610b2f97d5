"""Short everyday answers real people give: a bare number to a question, "yes" to an offered social worker."""

from __future__ import annotations

from store.cases import find_open_case
from store.db import session_scope
from tests.support import Chat


async def _answer_until_done(chat: Chat, answers: dict[str, str], limit: int = 6) -> str:
    """Answer the form's questions (matched by a word in the question) until the advice arrives."""
    seen = ""
    for _ in range(limit):
        question = chat.last[-1].text if chat.last else ""
        reply = next((answer for key, answer in answers.items() if key in question), None)
        if reply is None:
            return seen
        seen = await chat.say(reply)
    return seen


async def test_a_bare_number_answers_the_price_question(chat: Chat) -> None:
    await chat.say("直播间买的面膜是假货")
    answers = {"平台": "抖音", "哪类商品": "化妆品", "多少钱": "200", "收到": "3天前", "材料": "有录屏"}
    seen = await _answer_until_done(chat, answers)
    assert "¥600" in seen  # 3 × ¥200, above the ¥500 floor (消保法 Art 55)


async def test_saying_yes_to_an_offered_social_worker_opens_a_case(chat: Chat) -> None:
    await chat.say("直播间买的金手镯是假货，花了3万元")
    answers = {"平台": "抖音", "哪类商品": "珠宝首饰", "多少钱": "30000", "收到": "3天前", "材料": "有录屏和订单"}
    seen = await _answer_until_done(chat, answers)
    assert any(b.payload == "/request_human" for r in chat.last for b in r.buttons), seen
    seen = await chat.say("好的")
    assert "HL-" in seen
    with session_scope() as session:
        case = find_open_case(session, chat.sender_id)
        assert case is not None


async def test_a_counterfeit_story_full_of_facts_opens_the_counterfeit_case(chat: Chat) -> None:
    seen = await chat.say("我在抖音直播间买的金手镯是假的，花了3万元")
    assert "3 × ¥30,000 = ¥90,000" in seen and "涉及金额较大（¥30,000）" in seen


async def test_an_english_counterfeit_story_opens_the_counterfeit_case(chat: Chat) -> None:
    seen = await chat.say(
        "Bought a 'solid gold' necklace on a TikTok live for $300 and the jeweller says it's plated fake"
    )
    # The counterfeit case is answered at once: the price was in the message, nothing else changes the answer.
    assert "may be fraud" in seen and "3 × ¥300 = ¥900" in seen and "Consumer Protection Law Art 55" in seen


async def test_asking_in_words_to_delete_my_data_explains_the_command(chat: Chat) -> None:
    assert "/delete_my_data" in await chat.say("我想删除我的数据")
    assert "/delete_my_data" in await chat.say("please delete everything you have about me")


async def test_what_to_do_first_after_an_answer_repeats_its_first_step(chat: Chat) -> None:
    answer = await chat.say("/streamer_unpaid_wages")
    first_step = next(line for line in answer.splitlines() if line.startswith("1. "))[3:]
    seen = await chat.say("那我第一步该做什么")
    assert first_step[:20] in seen and any(b.payload == "/request_human" for r in chat.last for b in r.buttons), seen


async def test_what_to_do_first_before_any_answer_asks_what_happened(chat: Chat) -> None:
    assert "发生了什么" in await chat.say("那我第一步该做什么")
