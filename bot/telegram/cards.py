"""Which case cards are posted in the workers' group: in this process's memory, or in Redis for several bot processes.

Why Redis in production: with two bot processes, each one's own memory would post every new case twice and leave
the other's cards with a Claim button after the case was taken. `reserve` is atomic, so exactly one process
announces a case (or re-announces an urgent one), and `take` hands a case's card messages to exactly one process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Protocol

from redis import Redis as SyncRedis


@dataclass
class CardRecord:
    """A case card posted in the workers' group (`announced_at`: wall-clock seconds, shared between processes)."""

    message_ids: list[int] = field(default_factory=list)
    announced_at: float = 0.0


class CardBook(Protocol):
    """The posted cards by case ref."""

    def reserve(self, ref: str, now: float, again_after: float | None) -> CardRecord | None:
        """Claim the right to announce `ref` now: the earlier record (empty if never announced), or None if not due.

        Due when never announced, or (with `again_after`) when announced at least that many seconds ago.
        """

    def release(self, ref: str, earlier: CardRecord) -> None:
        """The announcement failed: put back the record `reserve` returned, so a later round tries again."""

    def add(self, ref: str, message_id: int) -> None:
        """Remember a posted card message of `ref`."""

    def refs(self) -> list[str]:
        """Every case with a card."""

    def take(self, ref: str) -> list[int]:
        """Forget `ref`'s cards and return their message ids (empty if another process took them)."""


class InMemoryCards:
    """Cards of a single bot process (after a restart, waiting cases are announced again)."""

    def __init__(self) -> None:
        self._cards: dict[str, CardRecord] = {}

    def reserve(self, ref: str, now: float, again_after: float | None) -> CardRecord | None:
        """See `CardBook.reserve`."""
        record = self._cards.get(ref)
        if record is not None and (again_after is None or now - record.announced_at < again_after):
            return None
        earlier = CardRecord(list(record.message_ids), record.announced_at) if record else CardRecord()
        self._cards[ref] = CardRecord(list(earlier.message_ids), now)
        return earlier

    def release(self, ref: str, earlier: CardRecord) -> None:
        """See `CardBook.release`."""
        if earlier.message_ids or earlier.announced_at:
            self._cards[ref].announced_at = earlier.announced_at
        else:
            self._cards.pop(ref, None)

    def add(self, ref: str, message_id: int) -> None:
        """See `CardBook.add`."""
        self._cards.setdefault(ref, CardRecord()).message_ids.append(message_id)

    def refs(self) -> list[str]:
        """See `CardBook.refs`."""
        return list(self._cards)

    def take(self, ref: str) -> list[int]:
        """See `CardBook.take`."""
        record = self._cards.pop(ref, None)
        return record.message_ids if record else []


# KEYS: the card's hash, the set of refs; ARGV: now, again_after ('' = never), ref. Returns the earlier record as
# JSON, or nil when not due.
_RESERVE = """
local at = redis.call('HGET', KEYS[1], 'announced_at')
if at and (ARGV[2] == '' or tonumber(ARGV[1]) - tonumber(at) < tonumber(ARGV[2])) then return false end
local ids = redis.call('HGET', KEYS[1], 'ids') or '[]'
redis.call('HSET', KEYS[1], 'announced_at', ARGV[1], 'ids', ids)
redis.call('SADD', KEYS[2], ARGV[3])
return cjson.encode({at = tonumber(at or '0'), ids = cjson.decode(ids)})
"""
# KEYS: the card's hash; ARGV: the message id. Appends to the JSON list of ids.
_ADD = """
local ids = cjson.decode(redis.call('HGET', KEYS[1], 'ids') or '[]')
table.insert(ids, tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'ids', cjson.encode(ids))
"""
# KEYS: the card's hash, the set of refs; ARGV: ref. Returns the ids and forgets the card in one step.
_TAKE = """
local ids = redis.call('HGET', KEYS[1], 'ids')
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return ids
"""


class RedisCards:
    """Cards in Redis, shared by every bot process (a synchronous client, like the payload memory)."""

    def __init__(self, url: str, prefix: str = "hotline:tg:cards") -> None:
        self.redis = SyncRedis.from_url(url, decode_responses=True, socket_timeout=2)
        self.prefix = prefix

    def _key(self, ref: str) -> str:
        return f"{self.prefix}:{ref}"

    def reserve(self, ref: str, now: float, again_after: float | None) -> CardRecord | None:
        """See `CardBook.reserve`."""
        again = "" if again_after is None else repr(again_after)
        raw = self.redis.eval(_RESERVE, 2, self._key(ref), self.prefix, repr(now), again, ref)
        if raw is None:
            return None
        earlier = json.loads(str(raw))
        ids = earlier["ids"] if isinstance(earlier["ids"], list) else []  # cjson encodes an empty list as {}
        return CardRecord([int(i) for i in ids], float(earlier["at"]))

    def release(self, ref: str, earlier: CardRecord) -> None:
        """See `CardBook.release`."""
        if earlier.message_ids or earlier.announced_at:
            self.redis.hset(self._key(ref), "announced_at", repr(earlier.announced_at))
        else:
            self.take(ref)

    def add(self, ref: str, message_id: int) -> None:
        """See `CardBook.add`."""
        self.redis.eval(_ADD, 1, self._key(ref), str(message_id))

    def refs(self) -> list[str]:
        """See `CardBook.refs`."""
        return sorted(str(ref) for ref in self.redis.smembers(self.prefix))  # type: ignore[union-attr]

    def take(self, ref: str) -> list[int]:
        """See `CardBook.take`."""
        raw = self.redis.eval(_TAKE, 2, self._key(ref), self.prefix, ref)
        ids = json.loads(str(raw)) if raw else []
        return [int(i) for i in ids] if isinstance(ids, list) else []
