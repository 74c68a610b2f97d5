"""What a test does with the stand-in: people write, press buttons, send files; the test reads answers."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from tests.botapi_standin import updates
from tests.botapi_standin.server import StandinServer
from tests.botapi_standin.state import Call

T = TypeVar("T")


class Standin(StandinServer):
    """The stand-in server plus helpers that play Telegram users and read what the bot sent."""

    _query_ids = itertools.count(1)

    # --- people doing things -------------------------------------------------------------------
    def say(
        self, user_id: int, text: str, chat_id: int | None = None, reply_to: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """`user_id` sends `text` (privately, or in `chat_id`); returns the message as injected."""
        message = updates.message(self.state.next_message_id(), user_id, chat_id, text, reply_to)
        self.state.push_update({"message": message})
        return message

    def edit(self, message: dict[str, Any], new_text: str) -> None:
        """The sender edits an earlier message."""
        edited = {**message, "text": new_text, "edit_date": int(time.time())}
        self.state.push_update({"edited_message": edited})

    def press(self, user_id: int, source: dict[str, Any], data: str) -> str:
        """`user_id` taps the inline button carrying `data` under the bot's message `source`."""
        query_id = f"Q{next(self._query_ids)}"
        self.state.push_update(updates.callback_query(query_id, user_id, data, source))
        return query_id

    def send_media(self, user_id: int, chat_id: int | None = None, **media: Any) -> None:
        """Send a non-text message, e.g. `sticker=updates.sticker()` or `voice=updates.voice()`."""
        message = updates.message(self.state.next_message_id(), user_id, chat_id, None, **media)
        self.state.push_update({"message": message})

    def send_photo(self, user_id: int, content: bytes, caption: str | None = None) -> str:
        """Upload a photo into the private chat; returns its file_id."""
        file_id, unique_id = self.state.add_file(content, ".jpg")
        extra: dict[str, Any] = {"photo": updates.photo_sizes(file_id, unique_id, len(content))}
        if caption:
            extra["caption"] = caption
        self.send_media(user_id, **extra)
        return file_id

    def send_document(self, user_id: int, content: bytes, file_name: str, mime_type: str) -> str:
        """Upload a document into the private chat; returns its file_id."""
        file_id, unique_id = self.state.add_file(content, "." + file_name.rsplit(".", 1)[-1])
        document = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        self.send_media(user_id, document=document)
        return file_id

    # --- reading what the bot did ----------------------------------------------------------------
    def texts_to(self, chat_id: int) -> list[str]:
        """Texts of the messages the bot sent to `chat_id`."""
        return [
            str(c.params["text"]) for c in self.state.calls_of("sendMessage") if int(c.params["chat_id"]) == chat_id
        ]

    def last_message_to(self, chat_id: int) -> dict[str, Any]:
        """The latest message the bot sent to `chat_id`, as stored (with message_id and keyboard)."""
        mine = [m for (c, _), m in self.api.sent.items() if c == chat_id]
        return max(mine, key=lambda m: m["message_id"])

    def messages_with_buttons(self, chat_id: int) -> list[dict[str, Any]]:
        """Stored messages to `chat_id` that carry an inline keyboard."""
        return sorted(
            (m for (c, _), m in self.api.sent.items() if c == chat_id and m.get("reply_markup")),
            key=lambda m: m["message_id"],
        )

    def calls(self, method: str, predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        """Successful calls of `method`."""
        return self.state.calls_of(method, predicate)

    def attempts(self, method: str) -> list[Call]:
        """Every call of `method`, failed ones included."""
        with self.state.lock:
            return [c for c in self.state.calls if c.method == method]

    async def wait_for(self, probe: Callable[[], T | None], timeout: float = 60.0, what: str = "condition") -> T:
        """Wait (without blocking the event loop the bot runs in) until `probe()` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
            await asyncio.sleep(0.05)

    async def wait_texts(self, chat_id: int, count: int, timeout: float = 60.0) -> list[str]:
        """Wait until the bot has sent at least `count` messages to `chat_id`; returns all texts."""

        def probe() -> list[str] | None:
            texts = self.texts_to(chat_id)
            return texts if len(texts) >= count else None

        return await self.wait_for(
            probe,
            timeout,
            f"{count} messages to chat {chat_id} (have {len(self.texts_to(chat_id))})",
        )

    async def wait_text(self, chat_id: int, needle: str, after: int = 0, timeout: float = 60.0) -> str:
        """Wait for a message to `chat_id` (among those after the first `after`) containing `needle`."""

        def probe() -> str | None:
            return next((t for t in self.texts_to(chat_id)[after:] if needle in t), None)

        return await self.wait_for(probe, timeout, f"a message to {chat_id} containing {needle!r}")
