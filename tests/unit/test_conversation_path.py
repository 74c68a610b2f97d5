"""The shared message path without servers: bad input, Rasa down, messages kept and answered later."""

from __future__ import annotations

from typing import Any

import pytest

from bot.conversation import Conversation, clean_text, rasa_sender_id
from bot.pending import InMemoryPending, KeptMessage
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Reply


class ScriptedRasa(RasaClient):
    """A Rasa client whose availability the test switches; records what reached it."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9")
        self.up = True
        self.received: list[tuple[str, str]] = []

    async def send(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        if not self.up:
            raise RasaUnavailable("down for the test")
        self.received.append((sender_id, text))
        return [Reply(f"echo:{text}")]


@pytest.fixture()
def rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture()
def conversation(rasa: ScriptedRasa) -> Conversation:
    return Conversation(rasa, InMemoryPending(), relay=None)


async def test_empty_message_gets_a_prompt_and_never_reaches_rasa(
    conversation: Conversation, rasa: ScriptedRasa
) -> None:
    replies = await conversation.handle("console", "amy", "   ")
    assert "文字" in replies[0].text
    assert rasa.received == []


async def test_binary_garbage_is_treated_as_empty(conversation: Conversation, rasa: ScriptedRasa) -> None:
    replies = await conversation.handle("console", "amy", "\x00\x01\x02\x7f")
    assert len(replies) == 1 and rasa.received == []


async def test_english_empty_message_is_answered_in_english_when_the_channel_knows_the_language(
    conversation: Conversation,
) -> None:
    replies = await conversation.handle("console", "amy", "", language_hint="en")
    assert replies[0].text.startswith("I didn't receive")


async def test_huge_message_is_cut_and_the_user_is_told(conversation: Conversation, rasa: ScriptedRasa) -> None:
    replies = await conversation.handle("console", "amy", "我在直播间买了假货" * 1000)
    assert "很长" in replies[0].text
    assert len(rasa.received[0][1]) == 2000


async def test_message_sent_while_rasa_is_down_is_kept_and_answered_once_when_it_returns(
    conversation: Conversation, rasa: ScriptedRasa
) -> None:
    rasa.up = False
    replies = await conversation.handle("telegram", "42", "我买到假货了")
    assert "已经保存" in replies[0].text
    assert await conversation.answer_pending() == []  # still down: kept, nothing delivered

    rasa.up = True
    deliveries = await conversation.answer_pending()
    assert [(d.channel, d.user_key, d.replies[0].text) for d in deliveries] == [("telegram", "42", "echo:我买到假货了")]
    assert await conversation.answer_pending() == []  # answered exactly once


def test_clean_text_keeps_emoji_and_line_breaks() -> None:
    assert clean_text(" 假货😡\n退款\x00 ") == "假货😡\n退款"


def test_sender_id_joins_channel_and_user() -> None:
    assert rasa_sender_id("telegram", "12345") == "telegram-12345"


class RecordingRelay:
    """A relay that holds no conversations and records offline crisis cases."""

    def __init__(self) -> None:
        self.crisis_cases: list[str] = []

    async def intercept(self, sender_id: str, channel: str, text: str) -> list[Reply] | None:
        return None

    async def open_crisis_case_offline(self, sender_id: str, channel: str, language: str, text: str) -> list[Reply]:
        self.crisis_cases.append(sender_id)
        return [Reply("请拨打 12356")]


async def test_crisis_message_gets_hotlines_even_when_rasa_answers_without_them(rasa: ScriptedRasa) -> None:
    relay = RecordingRelay()
    conversation = Conversation(rasa, InMemoryPending(), relay=relay)
    replies = await conversation.handle("telegram", "7", "我不想活了")
    assert any("12356" in reply.text for reply in replies)
    assert relay.crisis_cases == ["telegram-7"]


async def test_crisis_message_while_rasa_is_down_opens_a_case_instead_of_waiting(rasa: ScriptedRasa) -> None:
    relay = RecordingRelay()
    conversation = Conversation(rasa, InMemoryPending(), relay=relay)
    rasa.up = False
    replies = await conversation.handle("telegram", "8", "I want to kill myself")
    assert "12356" in replies[0].text
    assert await conversation.answer_pending() == []  # nothing kept: it was answered at once


async def test_ordinary_message_does_not_open_a_crisis_case(rasa: ScriptedRasa) -> None:
    relay = RecordingRelay()
    conversation = Conversation(rasa, InMemoryPending(), relay=relay)
    await conversation.handle("telegram", "9", "累死了，今天播了十二个小时")
    assert relay.crisis_cases == []


async def test_deleting_my_data_drops_only_my_kept_messages() -> None:
    pending = InMemoryPending()
    await pending.push("telegram", "1", "mine")
    await pending.push("telegram", "2", "someone else's")
    assert await pending.forget("telegram", "1") == 1
    assert await pending.pop_all() == [KeptMessage("telegram", "2", "someone else's")]
