"""Send replies to a chat (split, with keyboards) and show "typing…" while the bot thinks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, Message
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.replies import Reply
from bot.telegram.callbacks import PayloadCodec
from bot.telegram.keyboards import render

log = logging.getLogger(__name__)


class Sender:
    """Delivers `Reply` lists to Telegram chats; the rate limiter underneath retries 429s and network errors."""

    def __init__(self, bot: Bot, codec: PayloadCodec, max_chars: int) -> None:
        self.bot = bot
        self.codec = codec
        self.max_chars = max_chars

    async def send(self, chat_id: int, replies: list[Reply], reply_to: int | None = None) -> list[Message]:
        """Send `replies` in order; the first piece answers `reply_to` when given (group threads)."""
        sent: list[Message] = []
        for outgoing in render(replies, self.codec, self.max_chars):
            sent.append(
                await self.bot.send_message(
                    chat_id,
                    outgoing.text,
                    reply_markup=outgoing.keyboard,
                    reply_to_message_id=reply_to if not sent else None,
                )
            )
        return sent


@contextlib.asynccontextmanager
async def typing(bot: ExtBot[Any], chat_id: int, refresh_seconds: float) -> AsyncIterator[None]:
    """Show "typing…" in `chat_id` until the block ends (Telegram hides it after 5 s, so it is renewed)."""

    async def keep_typing() -> None:
        while True:
            try:
                # One attempt only: a missing typing hint is harmless, a retried one just late.
                await bot.send_chat_action(chat_id, ChatAction.TYPING, rate_limit_args=1)
            except TelegramError as error:
                log.debug("typing indicator failed: %s", error)
            await asyncio.sleep(refresh_seconds)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
