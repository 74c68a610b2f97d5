"""Messages kept while Rasa is down, in Redis: they survive a bot restart and are taken by exactly one process.

One list per channel (`<prefix>:<channel>`), so the Telegram bot only answers Telegram messages and the
console only console ones. Taking is atomic (read + delete in one Lua step): two processes polling at
the same time never both answer a message.
"""

from __future__ import annotations

import json

from redis.asyncio import Redis

from bot.pending import KeptMessage

DEFAULT_PREFIX = "hotline:pending"

_TAKE_ALL = """
local items = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return items
"""


class RedisPending:
    """`PendingMessages` (bot/conversation.py) backed by Redis lists."""

    def __init__(self, redis: Redis, channels: tuple[str, ...] | None = None, prefix: str = DEFAULT_PREFIX) -> None:
        """`channels`: the channels whose messages `pop_all` takes (all channels seen so far when None)."""
        self.redis = redis
        self.channels = channels
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, channels: tuple[str, ...] | None = None, prefix: str = DEFAULT_PREFIX) -> RedisPending:
        """Connect lazily to the Redis at `url`."""
        return cls(Redis.from_url(url, decode_responses=True), channels, prefix)

    def _key(self, channel: str) -> str:
        return f"{self.prefix}:{channel}"

    async def _channels(self) -> list[str]:
        if self.channels is not None:
            return list(self.channels)
        members = await self.redis.smembers(f"{self.prefix}:channels")  # type: ignore[misc]
        return sorted(str(member) for member in members)

    async def push(self, channel: str, user_key: str, text: str, message_id: str = "") -> None:
        """Keep a message for later (a global sequence number keeps the order across channels)."""
        sequence = await self.redis.incr(f"{self.prefix}:seq")
        item = json.dumps(
            {"seq": sequence, "user_key": user_key, "text": text, "message_id": message_id}, ensure_ascii=False
        )
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.sadd(f"{self.prefix}:channels", channel)
            pipe.rpush(self._key(channel), item)
            await pipe.execute()

    async def pop_all(self) -> list[KeptMessage]:
        """Take every kept message of this process's channels, oldest first."""
        taken: list[tuple[int, KeptMessage]] = []
        for channel in await self._channels():
            raw_items = await self.redis.eval(_TAKE_ALL, 1, self._key(channel))  # type: ignore[misc]
            for raw in raw_items or []:
                item = json.loads(raw)
                kept = KeptMessage(channel, str(item["user_key"]), str(item["text"]), str(item.get("message_id", "")))
                taken.append((int(item["seq"]), kept))
        taken.sort(key=lambda pair: pair[0])
        return [kept for _, kept in taken]

    async def count(self) -> int:
        """How many messages wait (for monitoring and tests)."""
        total = 0
        for channel in await self._channels():
            total += int(await self.redis.llen(self._key(channel)))  # type: ignore[misc]
        return total

    async def forget(self, channel: str, user_key: str) -> int:
        """Drop the kept messages of one person (they asked to delete their data); returns how many."""
        removed = 0
        key = self._key(channel)
        for raw in await self.redis.lrange(key, 0, -1):  # type: ignore[misc]
            if json.loads(raw).get("user_key") == user_key:
                removed += int(await self.redis.lrem(key, 0, str(raw)))  # type: ignore[misc]
        return removed

    async def close(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()
