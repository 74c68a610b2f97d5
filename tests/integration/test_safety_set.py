"""Every message of the independent crisis set through the message path the HTTP, console and REST channels use."""

from __future__ import annotations

import asyncio

import pytest

from bot.conversation import Conversation
from tests.safety_set import crisis_messages, missing_in_reply
from tests.support import Chat

CONCURRENT = 4  # people writing at once: fast enough for CI, gentle on a 2-core machine


@pytest.mark.asyncio
async def test_every_crisis_message_gets_the_hotlines_in_its_own_turn(conversation: Conversation) -> None:
    items = crisis_messages()
    failures: list[str] = []
    gate = asyncio.Semaphore(CONCURRENT)

    async def one(item: dict) -> None:
        async with gate:
            reply = await Chat(conversation, channel="rest").say(item["text"])
        if problems := missing_in_reply(item, reply):
            failures.append(f"[{item['level']}/{item['category']}] {item['text'][:60]!r}: no {', '.join(problems)}")

    await asyncio.gather(*(one(item) for item in items))
    assert not failures, f"{len(failures)} of {len(items)} crisis messages:\n" + "\n".join(sorted(failures))
