"""Per-user flood control: at most N messages in a sliding window, in memory or shared through Redis."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis


@dataclass(frozen=True)
class FloodDecision:
    """Whether to handle a message; `warn` is true only for the first refusal of a window (say it once)."""

    allowed: bool
    warn: bool = False


class FloodControl(Protocol):
    """Decides, per user key, whether one more message may be handled now."""

    async def check(self, key: str) -> FloodDecision:
        """Count one message from `key` and decide."""

    async def forget(self, key: str) -> None:
        """Drop what is remembered about `key` (used when a person deletes their data)."""


class InMemoryFlood:
    """Sliding-window flood control for a single bot process."""

    def __init__(self, max_messages: int, window_seconds: float) -> None:
        self.max_messages = max_messages
        self.window = window_seconds
        self._seen: dict[str, deque[float]] = {}
        self._warned_until: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def check(self, key: str) -> FloodDecision:
        """Count one message from `key` and decide."""
        now = time.monotonic()
        async with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) < self.max_messages:
                seen.append(now)
                return FloodDecision(True)
            warn = self._warned_until.get(key, 0.0) <= now
            if warn:
                self._warned_until[key] = now + self.window
            return FloodDecision(False, warn)

    async def forget(self, key: str) -> None:
        """Drop what is remembered about `key`."""
        async with self._lock:
            self._seen.pop(key, None)
            self._warned_until.pop(key, None)


# Trim, count and add in one step, so two bot processes cannot both admit the N+1st message.
_ADMIT_SCRIPT = """
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('EXPIRE', key, ARGV[5])
  return 1
end
return 0
"""


class RedisFlood:
    """Sliding-window flood control shared by every bot process (a sorted set of arrival times per key)."""

    def __init__(self, redis: Redis, max_messages: int, window_seconds: float, prefix: str = "hotline:flood") -> None:
        self.redis = redis
        self.max_messages = max_messages
        self.window = window_seconds
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, max_messages: int, window_seconds: float, prefix: str = "hotline:flood") -> RedisFlood:
        """Connect lazily to the Redis at `url`."""
        return cls(Redis.from_url(url), max_messages, window_seconds, prefix)

    async def check(self, key: str) -> FloodDecision:
        """Count one message from `key` and decide (refused messages are not counted, so a pause frees the user)."""
        window_key = f"{self.prefix}:{key}"
        ttl = max(1, int(self.window) + 1)
        admitted = await self.redis.eval(  # type: ignore[misc]  # redis-py types eval as sync-or-async
            _ADMIT_SCRIPT, 1, window_key, time.time(), self.window, self.max_messages, uuid.uuid4().hex, ttl
        )
        if int(admitted):
            return FloodDecision(True)
        # SET NX makes exactly one refusal per window the one that tells the user, across processes.
        warned = await self.redis.set(f"{window_key}:warned", "1", nx=True, ex=ttl)
        return FloodDecision(False, bool(warned))

    async def forget(self, key: str) -> None:
        """Drop what is remembered about `key`."""
        await self.redis.delete(f"{self.prefix}:{key}", f"{self.prefix}:{key}:warned")

    async def close(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()
