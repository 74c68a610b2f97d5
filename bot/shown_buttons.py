"""The buttons the bot last showed each person, so a payload is accepted only when it answers one of them.

A payload such as "/inform{...}" goes to Rasa as an intent; letting a client send any payload would let it
steer the dialogue. In memory for one process, in Redis when several HTTP workers serve the same people.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Protocol

from redis.asyncio import Redis

from bot.replies import Reply

DEFAULT_PREFIX = "hotline:http:buttons"


def offered_payloads(replies: list[Reply]) -> list[str]:
    """Payloads of every button in `replies`, in order, without repeats."""
    seen: dict[str, None] = {}
    for reply in replies:
        for button in reply.buttons:
            seen.setdefault(button.payload, None)
    return list(seen)


class ShownButtons(Protocol):
    """Per person: the payloads of the buttons in the bot's latest answer that had buttons."""

    async def remember(self, key: str, payloads: list[str]) -> None:
        """Replace what `key` may press with `payloads` (a new set of buttons replaces the old one)."""

    async def offered(self, key: str) -> set[str]:
        """Payloads `key` may send now."""

    async def forget(self, key: str) -> None:
        """Drop the buttons of `key` (after a press, or when the person deletes their data)."""


class InMemoryShownButtons:
    """Shown buttons of the most recent `capacity` people in this process."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._shown: OrderedDict[str, frozenset[str]] = OrderedDict()

    async def remember(self, key: str, payloads: list[str]) -> None:
        """Replace what `key` may press."""
        self._shown[key] = frozenset(payloads)
        self._shown.move_to_end(key)
        while len(self._shown) > self.capacity:
            self._shown.popitem(last=False)

    async def offered(self, key: str) -> set[str]:
        """Payloads `key` may send now."""
        return set(self._shown.get(key, frozenset()))

    async def forget(self, key: str) -> None:
        """Drop the buttons of `key`."""
        self._shown.pop(key, None)


class RedisShownButtons:
    """Shown buttons shared by every HTTP worker (one JSON list per person, expiring after `ttl_seconds`)."""

    def __init__(self, redis: Redis, ttl_seconds: int, prefix: str = DEFAULT_PREFIX) -> None:
        self.redis = redis
        self.ttl = ttl_seconds
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, ttl_seconds: int, prefix: str = DEFAULT_PREFIX) -> RedisShownButtons:
        """Connect lazily to the Redis at `url`."""
        return cls(Redis.from_url(url, decode_responses=True), ttl_seconds, prefix)

    async def remember(self, key: str, payloads: list[str]) -> None:
        """Replace what `key` may press."""
        await self.redis.set(f"{self.prefix}:{key}", json.dumps(payloads, ensure_ascii=False), ex=self.ttl)

    async def offered(self, key: str) -> set[str]:
        """Payloads `key` may send now."""
        raw = await self.redis.get(f"{self.prefix}:{key}")
        return set(json.loads(raw)) if raw else set()

    async def forget(self, key: str) -> None:
        """Drop the buttons of `key`."""
        await self.redis.delete(f"{self.prefix}:{key}")

    async def close(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()
