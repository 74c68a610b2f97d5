"""The first conversation every user has: greeting, menu, language, small talk, goodbye."""

from __future__ import annotations

from tests.support import Chat


async def test_greeting_in_chinese_shows_privacy_notice_and_three_service_lines(chat: Chat) -> None:
    seen = await chat.say("你好")
    assert "热线" in seen
    assert "隐私" in seen
    titles = [button.title for reply in chat.last for button in reply.buttons]
    assert len(titles) == 3
    assert any("消费者" in title for title in titles)


async def test_greeting_in_english_is_answered_in_english(chat: Chat) -> None:
    seen = await chat.say("hello, is anyone there?")
    assert "help line" in seen
    assert "Privacy" in seen
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in seen)


async def test_a_one_word_english_greeting_is_answered_in_english(chat: Chat) -> None:
    seen = await chat.say("hi")
    assert "help line" in seen and not any("\u4e00" <= ch <= "\u9fff" for ch in seen)


async def test_a_lone_ok_in_a_chinese_conversation_keeps_chinese(chat: Chat) -> None:
    await chat.say("你好")
    seen = await chat.say("ok")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in seen), seen


async def test_typed_menu_choice_shows_the_consumer_topics(chat: Chat) -> None:
    await chat.say("你好")
    consumer = next(b for reply in chat.last for b in reply.buttons if "消费者" in b.title)
    seen = await chat.say(consumer.payload)
    assert "买到假货" in seen


async def test_empty_message_gets_a_polite_prompt_without_reaching_rasa(chat: Chat) -> None:
    seen = await chat.say("   \x00\x01  ")
    assert "文字" in seen


async def test_goodbye_in_english(chat: Chat) -> None:
    await chat.say("hi there")
    seen = await chat.say("ok bye, thanks for the help")
    assert seen.strip(), "the user must always get an answer"
