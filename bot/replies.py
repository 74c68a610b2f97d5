"""The reply format every channel renders: text plus optional buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A choice the user can tap (Telegram) or type by number (console); `payload` goes back to Rasa."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message to show the user."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    @classmethod
    def from_rasa(cls, message: dict[str, Any]) -> Reply:
        """Convert one item of Rasa's REST-channel answer."""
        buttons = tuple(
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in message.get("buttons") or []
        )
        text = str(message.get("text") or "")
        if not text and message.get("image"):
            text = str(message["image"])
        return cls(text=text, buttons=buttons)
