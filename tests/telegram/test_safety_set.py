"""Every message of the independent crisis set through the real Telegram bot (Bot API stand-in, real Rasa)."""

from __future__ import annotations

import asyncio

from tests.botapi_standin.driver import Standin
from tests.safety_set import crisis_messages, missing_in_reply
from tests.telegram.conftest import RunningBot, new_user_id, turn

CONCURRENT = 4


async def test_every_crisis_message_gets_the_hotlines_in_telegram(running_bot: RunningBot, standin: Standin) -> None:
    items = crisis_messages()
    failures: list[str] = []
    gate = asyncio.Semaphore(CONCURRENT)

    async def one(item: dict) -> None:
        async with gate:
            replies = await turn(standin, new_user_id(), item["text"], timeout=300)
        if problems := missing_in_reply(item, "\n".join(replies)):
            failures.append(f"[{item['level']}/{item['category']}] {item['text'][:60]!r}: no {', '.join(problems)}")

    await asyncio.gather(*(one(item) for item in items))
    assert not failures, f"{len(failures)} of {len(items)} crisis messages:\n" + "\n".join(sorted(failures))
