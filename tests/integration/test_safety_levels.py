"""Risk levels through the running stack: what a person at each level reads, the check-in, and crises that
arrive in the middle of something else (a form, a human handoff)."""

from __future__ import annotations

import pytest

from bot.cli import cases
from store.db import session_scope
from store.workers import add_worker, set_on_duty
from tests.support import Chat

LEGAL_NOTE = ("不是法律意见", "not legal advice")


def assert_crisis_reply(reply: str, emergency: bool) -> None:
    assert "12356" in reply
    assert not any(note in reply for note in LEGAL_NOTE)
    if emergency:
        assert "120" in reply and "110" in reply
        # Emergency numbers come before the hotlines list for an imminent risk.
        assert reply.index("120") < reply.index("12356")


@pytest.mark.asyncio
async def test_an_injury_gets_emergency_numbers_first_and_a_direct_safety_question(chat: Chat) -> None:
    reply = await chat.say("我割了自己几刀，血止不住")
    assert_crisis_reply(reply, emergency=True)
    assert "安全" in reply and ("身边" in reply or "陪" in reply)


@pytest.mark.asyncio
async def test_an_english_farewell_gets_the_hotlines_an_urgent_case_and_a_direct_question(chat: Chat) -> None:
    reply = await chat.say("there's no point in going on, I'm done. this is goodbye")
    assert_crisis_reply(reply, emergency=False)
    assert "safe" in reply.lower()
    assert "HL-" in reply  # an urgent case was opened


@pytest.mark.asyncio
async def test_a_streamer_who_cannot_go_on_is_asked_how_they_are_before_any_statute(chat: Chat) -> None:
    reply = await chat.say("我是主播，每天播12个小时，公会还扣我工资，最近总是失眠，感觉撑不下去了")
    assert "12356" in reply
    assert "撑不下去" in reply  # their own words are heard
    assert "（1/4）" in reply  # the first direct question
    assert "劳动法" not in reply and not any(note in reply for note in LEGAL_NOTE)


@pytest.mark.asyncio
async def test_a_yes_in_the_check_in_escalates_to_the_crisis_path(chat: Chat) -> None:
    await chat.say("最近真的撑不下去了，每天都在哭")
    assert "（2/4）" in await chat.say("有")  # all four questions are asked, as in the ASQ
    for _ in range(3):
        reply = await chat.say("没有")
    # After any yes comes the right-now question; a yes to it is imminent.
    assert "现在" in reply and "（" not in reply.split("\n")[0][:1]
    reply = await chat.say("有")
    assert_crisis_reply(reply, emergency=True)
    assert "HL-" in reply


@pytest.mark.asyncio
async def test_four_noes_close_with_care_and_lead_back_to_the_practical_problem(chat: Chat) -> None:
    await chat.say("公会扣了我三个月工资，我真的扛不住了")
    for _ in range(4):
        reply = await chat.say("没有")
    assert "12356" in reply
    assert "[接着说我的问题]" in reply and "[和社工聊聊]" in reply
    continued = next(b.payload for r in chat.last for b in r.buttons if b.title == "接着说我的问题")
    answer = await chat.say(continued)
    assert "工资" in answer


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("我室友说她撑不下去了，每天晚上都在哭，要不要告诉辅导员", ("直接问对方", "告诉辅导员", "12356", "110")),
        ("my coworker keeps crying in the break room and says she can't go on", ("ask them directly", "12356", "110")),
    ],
)
async def test_someone_worried_about_a_roommate_hears_how_to_help_and_is_not_screened_themselves(
    chat: Chat, text: str, said: tuple[str, ...]
) -> None:
    reply = await chat.say(text)
    for words in said:
        assert words in reply
    assert "（1/4）" not in reply and "(1/4)" not in reply  # the screening questions are about the writer
    assert not any(note in reply for note in LEGAL_NOTE)


@pytest.mark.asyncio
async def test_a_crisis_in_the_middle_of_a_form_stops_the_form(chat: Chat) -> None:
    first = await chat.say("我在抖音买的包是假货")
    assert "12356" not in first
    reply = await chat.say("算了，我不想活了")
    assert_crisis_reply(reply, emergency=False)
    assert "实付" not in reply and "多少钱" not in reply


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "text",
    [
        "笑死我了",
        "今天累死了",
        "这个东西死贵",
        "店要死了，一单都没有",
        "主播在疯狂杀价",
        "this fee is killing me",
        "I'm dead 😂",
        "we killed it tonight",
        "what do I do with dead stock",
    ],
)
async def test_everyday_hyperbole_gets_an_ordinary_answer(chat: Chat, text: str) -> None:
    reply = await chat.say(text)
    assert "12356" not in reply
    assert "（1/4）" not in reply and "(1/4)" not in reply


@pytest.mark.asyncio
async def test_a_crisis_during_a_handoff_reaches_the_person_and_alerts_the_worker(chat: Chat) -> None:
    with session_scope() as session:
        add_worker(session, "zhao", "赵社工", "777001")
    with session_scope() as session:
        set_on_duty(session, "zhao", True)
    opened = await chat.say("转人工")
    ref = next(part for part in opened.split() if part.startswith("HL-"))[:9]
    assert cases.main(["claim", ref, "--worker", "zhao"]) == 0
    reply = await chat.say("我已经把药都吃了")
    assert "12356" in reply and "120" in reply
    with session_scope() as session:
        from store.cases import get_case

        case = get_case(session, ref)
        assert case.priority == "urgent"


@pytest.mark.asyncio
async def test_a_writer_at_risk_who_names_a_relative_is_still_asked_about_themselves(chat: Chat) -> None:
    reply = await chat.say("我爸在直播间被骗了两万块，天天跟我妈吵架，我真的熬不下去了")
    assert "（1/4）" in reply and "12356" in reply
    assert "谢谢你这么关心对方" not in reply


@pytest.mark.asyncio
async def test_she_after_a_friend_was_named_is_the_friend_and_the_reply_speaks_to_both(chat: Chat) -> None:
    await chat.say("我闺蜜在一家直播公司上班，老板拖欠她三个月工资")
    reply = await chat.say("她昨晚发朋友圈说这辈子就到这了，下辈子不想再做人")
    assert "12356" in reply and "110" in reply
    assert "是你身边的人有这样的念头，还是你自己也有" in reply


@pytest.mark.asyncio
async def test_a_crisis_told_in_the_middle_of_the_check_in_ends_it_with_the_crisis_reply(chat: Chat) -> None:
    first = await chat.say("😭😭")
    assert "（1/4）" in first
    reply = await chat.say("我现在就站在天台边上，不想活了")
    assert_crisis_reply(reply, emergency=True)
    assert "（2/4）" not in reply


@pytest.mark.asyncio
async def test_a_new_message_in_the_check_in_is_not_taken_for_a_yes(chat: Chat) -> None:
    await chat.say("最近每天都在哭，什么都不想做")
    reply = await chat.say("有个问题想问，公司拖欠我两个月工资怎么办")
    assert "（2/4）" not in reply


@pytest.mark.asyncio
async def test_after_the_check_in_an_emoji_only_message_offers_no_guessed_problem(chat: Chat) -> None:
    await chat.say("😭😭")
    for _ in range(3):
        await chat.say("没有")
    close = await chat.say("没有")
    assert "12356" in close and "[接着说我的问题]" not in close
