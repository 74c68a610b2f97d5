"""Every message of the independent crisis set through the message path the HTTP, console and REST channels use."""

from __future__ import annotations

import asyncio

from bot.conversation import Conversation
from tests.safety_set import check, crisis_messages, recorded_gap
from tests.support import Chat

CONCURRENT = 4  # people writing at once: fast enough for CI, gentle on a 2-core machine


async def test_every_flagged_crisis_message_gets_the_hotlines_in_its_own_turn(conversation: Conversation) -> None:
    items = crisis_messages()
    gate = asyncio.Semaphore(CONCURRENT)

    async def one(text: str) -> str:
        async with gate:
            return await Chat(conversation, channel="rest").say(text)

    replies = await asyncio.gather(*(one(str(item["text"])) for item in items))
    failures, missed = check(items, list(replies))
    assert not failures, f"{len(failures)} flagged crisis messages without a proper answer:\n" + "\n".join(
        sorted(failures)
    )
    assert missed <= recorded_gap(), f"the assessment now misses {missed} of {len(items)} (recorded: {recorded_gap()})"
