"""Messages kept in Redis while Rasa is down: nothing lost, taken once, per channel, erasable."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from bot.pending import KeptMessage
from bot.pending_redis import RedisPending

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    name = f"test:tgpending:{uuid.uuid4().hex}"
    yield name
    cleaner = RedisPending.from_url(REDIS_URL, prefix=name)
    keys = [key async for key in cleaner.redis.scan_iter(f"{name}:*")]
    if keys:
        await cleaner.redis.delete(*keys)
    await cleaner.close()


async def test_kept_messages_come_back_in_order_and_only_once(prefix: str) -> None:
    pending = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    for number in range(5):
        await pending.push("telegram", "42", f"message {number}")
    assert await pending.pop_all() == [KeptMessage("telegram", "42", f"message {n}") for n in range(5)]
    assert await pending.pop_all() == []
    await pending.close()


async def test_messages_survive_a_restart_of_the_bot(prefix: str) -> None:
    before = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    await before.push("telegram", "42", "我买到假货了", message_id="first-attempt")
    await before.close()
    after = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    # The id of the failed attempt comes back too, so the retry is replayed by Rasa if that attempt ran.
    assert await after.pop_all() == [KeptMessage("telegram", "42", "我买到假货了", "first-attempt")]
    await after.close()


async def test_two_processes_taking_at_once_never_share_a_message(prefix: str) -> None:
    writer = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    takers = [RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix) for _ in range(4)]
    for number in range(200):
        await writer.push("telegram", str(number % 7), f"m{number}")
    results = await asyncio.gather(*(taker.pop_all() for taker in takers))
    taken = [text for result in results for _, _, text, _ in result]
    assert sorted(taken) == sorted(f"m{n}" for n in range(200))
    for client in [writer, *takers]:
        await client.close()


async def test_each_channel_takes_only_its_own_messages(prefix: str) -> None:
    telegram = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    console = RedisPending.from_url(REDIS_URL, channels=("console",), prefix=prefix)
    await telegram.push("console", "me", "from the terminal")
    await telegram.push("telegram", "42", "from Telegram")
    assert await telegram.pop_all() == [KeptMessage("telegram", "42", "from Telegram")]
    assert await console.pop_all() == [KeptMessage("console", "me", "from the terminal")]
    await telegram.close()
    await console.close()


async def test_a_person_who_deletes_their_data_loses_only_their_kept_messages(prefix: str) -> None:
    pending = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=prefix)
    await pending.push("telegram", "42", "mine")
    await pending.push("telegram", "43", "someone else's")
    await pending.push("telegram", "42", "mine too")
    assert await pending.forget("telegram", "42") == 2
    assert await pending.count() == 1
    assert await pending.pop_all() == [KeptMessage("telegram", "43", "someone else's")]
    await pending.close()
