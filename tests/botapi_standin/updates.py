"""Builders for the Update objects Telegram would send: private and group messages, buttons, media."""

from __future__ import annotations

import time
from typing import Any


def user(user_id: int, first_name: str = "Test", language_code: str = "zh-hans") -> dict[str, Any]:
    """A Telegram user object."""
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}


def chat(chat_id: int) -> dict[str, Any]:
    """A private chat (positive id) or a supergroup (negative id)."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Test"}
    return {"id": chat_id, "type": "supergroup", "title": "Hotline workers"}


def message(
    message_id: int,
    user_id: int,
    chat_id: int | None = None,
    text: str | None = None,
    reply_to: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A message from `user_id` in `chat_id` (their private chat by default)."""
    body: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat(chat_id if chat_id is not None else user_id),
        "from": user(user_id),
        **extra,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    if reply_to is not None:
        body["reply_to_message"] = reply_to
    return body


def callback_query(query_id: str, user_id: int, data: str, source: dict[str, Any]) -> dict[str, Any]:
    """A press on an inline button of the bot's message `source` (a sent message as recorded)."""
    return {
        "callback_query": {
            "id": query_id,
            "from": user(user_id),
            "chat_instance": str(source["chat"]["id"]),
            "data": data,
            "message": source,
        }
    }


def photo_sizes(file_id: str, unique_id: str, size: int) -> list[dict[str, Any]]:
    """The size variants of one photo (the last is the largest)."""
    return [
        {"file_id": file_id + "s", "file_unique_id": unique_id + "s", "width": 90, "height": 90, "file_size": 1000},
        {"file_id": file_id, "file_unique_id": unique_id, "width": 800, "height": 600, "file_size": size},
    ]


def sticker(file_id: str = "STICKER1") -> dict[str, Any]:
    """A sticker payload for `message(..., sticker=...)`."""
    return {
        "file_id": file_id,
        "file_unique_id": file_id + "u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }


def voice(file_id: str = "VOICE1") -> dict[str, Any]:
    """A voice-note payload for `message(..., voice=...)`."""
    return {"file_id": file_id, "file_unique_id": file_id + "u", "duration": 3}
