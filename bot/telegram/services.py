"""Everything the handlers and jobs share, built once per bot process."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from telegram import Bot, Update
from telegram.ext import ContextTypes

from bot.conversation import Conversation
from bot.flood import FloodControl
from bot.replies import Reply
from bot.telegram.callbacks import PayloadCodec
from bot.telegram.cards import CardBook, InMemoryCards
from bot.telegram.delivery import Sender
from bot.telegram.desk import CaseDesk
from bot.telegram.language import language_of
from bot.telegram.settings import TelegramSettings, behaviour
from bot.telegram.texts import text

CHANNEL = "telegram"


class Forgetting(Protocol):
    """A pending-message store that can drop one person's kept messages (RedisPending)."""

    async def forget(self, channel: str, user_key: str) -> int:
        """Drop the person's kept messages; returns how many."""


@dataclass
class Services:
    """Shared state of one bot process."""

    settings: TelegramSettings
    conversation: Conversation
    flood: FloodControl
    desk: CaseDesk | None
    evidence_dir: Path
    codec: PayloadCodec = field(
        default_factory=lambda: PayloadCodec(
            int(behaviour()["message"]["max_callback_bytes"]), int(behaviour()["message"]["payload_memory"])
        )
    )
    # Cards in the workers' group by case ref: in memory, or in Redis when several bot processes share the group.
    cards: CardBook = field(default_factory=InMemoryCards)

    def sender(self, bot: Bot) -> Sender:
        """A Sender over `bot` with the channel's limits."""
        return Sender(bot, self.codec, int(behaviour()["message"]["max_chars"]))

    def typing_refresh(self) -> float:
        """Seconds between "typing…" renewals."""
        return float(behaviour()["typing_refresh_seconds"])

    async def say(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, threaded: bool = False, **values: object
    ) -> None:
        """Answer with one of the channel's own texts (texts.yml) in the person's language.

        `threaded` answers as a reply to the message (in the workers' group, so the right worker sees it).
        """
        message = update.effective_message
        chat = update.effective_chat
        if chat is None:
            return
        reply = Reply(text(key, language_of(update, context.user_data), **values))
        reply_to = message.message_id if threaded and message is not None else None
        await self.sender(context.bot).send(chat.id, [reply], reply_to=reply_to)

    async def close(self) -> None:
        """Release connections (Redis pools of flood control and kept messages) at shutdown."""
        for resource in (self.flood, self.conversation.pending):
            close = getattr(resource, "close", None)
            if close is not None:
                await close()

    def forgetter(self) -> Forgetting | None:
        """The pending store, when it can drop one person's kept messages."""
        pending = self.conversation.pending
        return pending if hasattr(pending, "forget") else None  # type: ignore[return-value]
