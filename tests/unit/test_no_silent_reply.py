"""A message Rasa answers with nothing (a paused conversation) still gets a real reply in the person's language."""

from __future__ import annotations

from typing import Any

from bot.conversation import Conversation
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient
from bot.replies import Reply


class SilentRasa(RasaClient):
    """Rasa holding a paused conversation: every message is absorbed without a reply."""

    def __init__(self, paused: bool, language: str) -> None:
        super().__init__("http://127.0.0.1:9")
        self.state = {"paused": paused, "slots": {"language": language}}

    async def send(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        return []

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        return self.state


async def test_after_a_handoff_the_next_message_is_acknowledged_not_met_with_silence() -> None:
    conversation = Conversation(SilentRasa(paused=True, language="zh"), InMemoryPending(), relay=None)
    replies = await conversation.handle("rest", "amy", "好的，那我等多久？")
    assert len(replies) == 1 and "社工会在这里回复你" in replies[0].text and "12356" in replies[0].text


async def test_the_acknowledgement_keeps_the_persons_language_even_for_a_bare_ok() -> None:
    conversation = Conversation(SilentRasa(paused=True, language="en"), InMemoryPending(), relay=None)
    replies = await conversation.handle("rest", "amy", "ok")
    assert replies[0].text.startswith("Got it. Your case is with a social worker")


async def test_an_empty_answer_outside_a_handoff_asks_the_person_to_say_more() -> None:
    conversation = Conversation(SilentRasa(paused=False, language="zh"), InMemoryPending(), relay=None)
    replies = await conversation.handle("rest", "amy", "嗯")
    assert "能再说说你遇到的情况吗" in replies[0].text
