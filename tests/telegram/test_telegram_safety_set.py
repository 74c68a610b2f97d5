"""Every message of the independent crisis set through the real Telegram bot (Bot API stand-in, real Rasa)."""

from __future__ import annotations

import asyncio

from tests.botapi_standin.driver import Standin
from tests.safety_set import check, crisis_messages
from tests.telegram.conftest import RunningBot, new_user_id, turn

CONCURRENT = 4


async def test_every_flagged_crisis_message_gets_the_hotlines_in_telegram(
    running_bot: RunningBot, standin: Standin
) -> None:
    items = [item for item in crisis_messages() if item["flagged"]]
    gate = asyncio.Semaphore(CONCURRENT)

    async def one(text: str) -> str:
        async with gate:
            return "\n".join(await turn(standin, new_user_id(), text, timeout=300))

    replies = await asyncio.gather(*(one(str(item["text"])) for item in items))
    failures, _ = check(items, list(replies))
    assert not failures, f"{len(failures)} flagged crisis messages without a proper answer:\n" + "\n".join(
        sorted(failures)
    )
