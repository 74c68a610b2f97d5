"""Where messages wait while Rasa is down: in memory for the console, Redis in production."""

from __future__ import annotations

import asyncio


class InMemoryPending:
    """Kept messages for a single process (the console chat, tests)."""

    def __init__(self) -> None:
        self._items: list[tuple[str, str, str]] = []
        self._lock = asyncio.Lock()

    async def push(self, channel: str, user_key: str, text: str) -> None:
        """Keep a message for later."""
        async with self._lock:
            self._items.append((channel, user_key, text))

    async def pop_all(self) -> list[tuple[str, str, str]]:
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
