"""Per-person flood control, in memory and through the real Redis: limit, warn once, free again."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from bot.flood import FloodControl, InMemoryFlood, RedisFlood

REDIS_URL = "redis://127.0.0.1:6379/0"


async def _burst(flood: FloodControl, key: str, count: int) -> list[tuple[bool, bool]]:
    return [((d := await flood.check(key)).allowed, d.warn) for _ in range(count)]


async def test_in_memory_flood_allows_the_limit_then_warns_once() -> None:
    flood = InMemoryFlood(max_messages=3, window_seconds=60)
    assert await _burst(flood, "telegram:1", 6) == [(True, False)] * 3 + [(False, True)] + [(False, False)] * 2
    assert (await flood.check("telegram:2")).allowed  # other people are not affected


async def test_in_memory_flood_frees_the_person_after_the_window() -> None:
    flood = InMemoryFlood(max_messages=1, window_seconds=0.2)
    assert (await flood.check("k")).allowed
    assert not (await flood.check("k")).allowed
    await asyncio.sleep(0.3)
    assert (await flood.check("k")).allowed


@pytest.mark.redis
async def test_redis_flood_is_shared_by_two_bot_processes() -> None:
    prefix = f"test:tgflood:{uuid.uuid4().hex}"
    first = RedisFlood(Redis.from_url(REDIS_URL), 4, 60, prefix)
    second = RedisFlood(Redis.from_url(REDIS_URL), 4, 60, prefix)
    try:
        results = await asyncio.gather(*(flood.check("telegram:7") for flood in [first, second] * 5))
        assert sum(r.allowed for r in results) == 4
        assert sum(r.warn for r in results) == 1
        await first.forget("telegram:7")
        assert (await second.check("telegram:7")).allowed
    finally:
        await first.forget("telegram:7")
        await first.close()
        await second.close()
