"""After "转人工" the person is never left without an answer, whoever is (or is not) on duty."""

from __future__ import annotations

from tests.support import Chat


async def test_the_message_after_asking_for_a_human_with_nobody_on_duty_gets_a_real_reply(chat: Chat) -> None:
    await chat.say("公司拖欠了我三个月工资")
    seen = await chat.say("转人工")
    assert "案件编号" in seen and "没有社工在线" in seen
    seen = await chat.say("好的，那我等多久？")
    assert "已记录在案件" in seen and "没有社工在线" in seen


async def test_an_english_speaker_keeps_english_after_the_handoff(chat: Chat) -> None:
    await chat.say("My agency has not paid my wages for three months")
    seen = await chat.say("I want to talk to a person")
    assert "case number" in seen
    seen = await chat.say("ok")
    assert "added to case" in seen and "No social worker is on duty" in seen
