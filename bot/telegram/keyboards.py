"""Render replies for Telegram: text pieces that fit, Rasa buttons as an inline keyboard on the last piece."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.replies import Button, Reply
from bot.telegram.callbacks import PayloadCodec
from bot.telegram.split import split_message


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message to send."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def inline_keyboard(buttons: tuple[Button, ...], codec: PayloadCodec) -> InlineKeyboardMarkup | None:
    """One button per row (service-line titles are long); None when there are no buttons."""
    if not buttons:
        return None
    rows = [[InlineKeyboardButton(b.title or b.payload, callback_data=codec.encode(b.payload))] for b in buttons]
    return InlineKeyboardMarkup(rows)


def render(replies: list[Reply], codec: PayloadCodec, max_chars: int, buttons_only_text: str = "👇") -> list[Outgoing]:
    """The Telegram messages for `replies`, in order; empty replies are dropped."""
    messages: list[Outgoing] = []
    for reply in replies:
        pieces = split_message(reply.text, max_chars)
        keyboard = inline_keyboard(reply.buttons, codec)
        if not pieces and keyboard is not None:
            pieces = [buttons_only_text]  # Telegram needs text under a keyboard
        for index, piece in enumerate(pieces):
            messages.append(Outgoing(piece, keyboard if index == len(pieces) - 1 else None))
    return messages
