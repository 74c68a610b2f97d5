"""Where messages wait while Rasa is down: in memory for the console, Redis in production."""

from __future__ import annotations

import asyncio
import logging
from typing import NamedTuple, Protocol

log = logging.getLogger(__name__)


class KeptMessage(NamedTuple):
    """A message kept while Rasa could not answer it."""

    channel: str
    user_key: str
    text: str
    # The id its first attempt carried to Rasa (rasa_plugins/message_ids.py): if that attempt did run, the retry
    # is answered with its replies instead of running twice. Empty for messages Rasa never saw.
    message_id: str = ""


class InMemoryPending:
    """Kept messages for a single process (the console chat, tests)."""

    def __init__(self) -> None:
        self._items: list[KeptMessage] = []
        self._lock = asyncio.Lock()

    async def push(self, channel: str, user_key: str, text: str, message_id: str = "") -> None:
        """Keep a message for later."""
        async with self._lock:
            self._items.append(KeptMessage(channel, user_key, text, message_id))

    async def pop_all(self) -> list[KeptMessage]:
        """Take every kept message, oldest first."""
        async with self._lock:
            items, self._items = self._items, []
        return items

    async def forget(self, channel: str, user_key: str) -> int:
        """Drop a person's kept messages (they asked for their data to be deleted); returns how many."""
        async with self._lock:
            before = len(self._items)
            self._items = [item for item in self._items if item[:2] != (channel, user_key)]
            return before - len(self._items)


class KeptMessages(Protocol):
    """What `FallbackPending` needs of each store it combines."""

    async def push(self, channel: str, user_key: str, text: str, message_id: str = "") -> None:
        """Keep a message for later."""

    async def pop_all(self) -> list[KeptMessage]:
        """Take every kept message, oldest first."""

    async def forget(self, channel: str, user_key: str) -> int:
        """Drop a person's kept messages; returns how many."""


class FallbackPending:
    """Kept messages in a shared store (Redis), or in this process's memory while that store is unreachable.

    Why: when Redis is gone and Rasa is down too, a message must still be kept, not dropped with an error.
    What lands in memory is answered by this process once Rasa is back, like the rest.
    """

    def __init__(self, primary: KeptMessages, fallback: KeptMessages | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or InMemoryPending()

    async def push(self, channel: str, user_key: str, text: str, message_id: str = "") -> None:
        """Keep a message in the shared store, in memory if that fails."""
        try:
            await self.primary.push(channel, user_key, text, message_id)
        except Exception as error:  # any failure of the shared store: connection refused, timeout, OOM
            log.error("shared store for kept messages unavailable, keeping in memory: %s", error)
            await self.fallback.push(channel, user_key, text, message_id)

    async def pop_all(self) -> list[KeptMessage]:
        """Take every kept message: those kept in memory first (they waited while the shared store was down)."""
        items = await self.fallback.pop_all()
        try:
            items += await self.primary.pop_all()
        except Exception as error:
            log.error("shared store for kept messages unavailable: %s", error)
        return items

    async def forget(self, channel: str, user_key: str) -> int:
        """Drop a person's kept messages from both stores."""
        removed = await self.fallback.forget(channel, user_key)
        try:
            removed += await self.primary.forget(channel, user_key)
        except Exception as error:
            log.error("shared store for kept messages unavailable, nothing forgotten there: %s", error)
        return removed
