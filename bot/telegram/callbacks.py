"""Button callback data: what a tapped inline button means, within Telegram's 64-byte limit.

Kinds: `p|<payload>` (a Rasa payload short enough to carry), `h|<digest>` (a longer payload kept here),
`claim|<ref>` (a worker claims a case), `del|yes` / `del|no` (confirming /delete_my_data).
Long payloads live in Redis when REDIS_URL is set (any bot process can decode a press), else in memory.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from redis import Redis as SyncRedis

PAYLOAD, HASHED, CLAIM, DELETE = "p", "h", "claim", "del"
KINDS = {PAYLOAD, HASHED, CLAIM, DELETE}


@dataclass(frozen=True)
class Callback:
    """A decoded button press."""

    kind: str
    value: str


def parse(data: str | None) -> Callback | None:
    """Decode callback data; None when it is malformed (a forged or outdated button)."""
    if not data or "|" not in data:
        return None
    kind, _, value = data.partition("|")
    if kind not in KINDS or not value:
        return None
    return Callback(kind, value)


class LongPayloads(Protocol):
    """Where long payloads wait for their button to be pressed, by digest."""

    def put(self, digest: str, payload: str) -> None:
        """Remember `payload` under `digest`."""

    def get(self, digest: str) -> str | None:
        """The payload remembered under `digest`, if any."""


class InMemoryLongPayloads:
    """The most recent `memory` long payloads of this process (forgotten at a restart)."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        self._long: OrderedDict[str, str] = OrderedDict()

    def put(self, digest: str, payload: str) -> None:
        """Remember `payload`; the oldest are forgotten first."""
        self._long[digest] = payload
        self._long.move_to_end(digest)
        while len(self._long) > self.memory:
            self._long.popitem(last=False)

    def get(self, digest: str) -> str | None:
        """The payload under `digest`, if still remembered."""
        return self._long.get(digest)


class RedisLongPayloads:
    """Long payloads in Redis, so a button sent by one bot process works when another one gets the press.

    A synchronous client on purpose: rendering a keyboard is synchronous, and a loopback GET/SET takes well under
    a millisecond.
    """

    def __init__(self, url: str, ttl_seconds: int, prefix: str = "hotline:tg:payload") -> None:
        self.redis = SyncRedis.from_url(url, decode_responses=True, socket_timeout=2)
        self.ttl = ttl_seconds
        self.prefix = prefix

    def put(self, digest: str, payload: str) -> None:
        """Remember `payload` for `ttl_seconds`."""
        self.redis.set(f"{self.prefix}:{digest}", payload, ex=self.ttl)

    def get(self, digest: str) -> str | None:
        """The payload under `digest`, if not expired."""
        value = self.redis.get(f"{self.prefix}:{digest}")
        return str(value) if value is not None else None


class PayloadCodec:
    """Turns Rasa payloads into callback data and back; long payloads are remembered by digest."""

    def __init__(self, max_bytes: int, memory: int, long_payloads: LongPayloads | None = None) -> None:
        self.max_bytes = max_bytes
        self.long_payloads = long_payloads or InMemoryLongPayloads(memory)

    def encode(self, payload: str) -> str:
        """Callback data for a button carrying `payload`."""
        direct = f"{PAYLOAD}|{payload}"
        if len(direct.encode()) <= self.max_bytes:
            return direct
        digest = hashlib.sha256(payload.encode()).hexdigest()[:32]
        self.long_payloads.put(digest, payload)
        return f"{HASHED}|{digest}"

    def payload(self, callback: Callback) -> str | None:
        """The payload a PAYLOAD/HASHED press stands for; None if forgotten (e.g. after a restart)."""
        if callback.kind == PAYLOAD:
            return callback.value
        if callback.kind == HASHED:
            return self.long_payloads.get(callback.value)
        return None
