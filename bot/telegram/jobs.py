"""Repeating jobs: deliver the outbox, answer messages kept while Rasa was down, post case cards.

Each job catches its own failures and logs them, so one bad row or a database hiccup never stops the
job queue; the next run tries again.
"""

from __future__ import annotations

import asyncio
import logging
import time

from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.replies import Button, Reply
from bot.telegram import callbacks
from bot.telegram.desk import CaseDesk, CaseView, OutboxItem
from bot.telegram.services import CHANNEL, Services
from bot.telegram.settings import behaviour
from bot.telegram.texts import text
from bot.telegram.workers import card_text, drop_card_button
from store.masking import mask

log = logging.getLogger(__name__)
WORKER_LANGUAGE = "zh"  # the workers' group is one room: cards in the service's working language


def claim_keyboard(ref: str) -> InlineKeyboardMarkup:
    """The one-button keyboard under a case card or a worker alert."""
    button = InlineKeyboardButton(text("claim_button", WORKER_LANGUAGE), callback_data=f"{callbacks.CLAIM}|{ref}")
    return InlineKeyboardMarkup([[button]])


async def deliver_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send queued messages (worker replies, alerts), each marked delivered after it is sent (never lost).

    Any number of bot processes may run this job at once: `CaseDesk.deliver` hands each row to one of them.
    """
    services: Services = context.job.data  # type: ignore[union-attr, assignment]
    desk = services.desk
    if desk is None:
        return
    sender = services.sender(context.bot)

    async def send(item: OutboxItem) -> bool:
        try:
            if item.chat_id is not None and item.claimable_ref is not None:
                await context.bot.send_message(item.chat_id, item.text, reply_markup=claim_keyboard(item.claimable_ref))
            elif item.chat_id is not None:
                buttons = tuple(Button(title, payload) for title, payload in item.buttons)
                await sender.send(item.chat_id, [Reply(item.text, buttons)])
            else:
                log.warning("outbox row %d has no Telegram recipient; dropped", item.id)
        except Forbidden:
            log.warning("outbox row %d: the recipient blocked the bot; dropped", item.id)
        except TelegramError as error:
            log.warning("outbox row %d not delivered yet (%s); will retry", item.id, mask(str(error)))
            return False
        return True

    jobs = behaviour()["jobs"]
    try:
        await desk.deliver(send, rounds=int(jobs["outbox_rounds"]))
    except SQLAlchemyError as error:
        log.error("outbox unavailable: %s", error)


async def answer_kept_messages(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Once Rasa is back, answer the messages kept while it was down (each exactly once, in order)."""
    services: Services = context.job.data  # type: ignore[union-attr, assignment]
    deliveries = await services.conversation.answer_pending()
    sender = services.sender(context.bot)
    for delivery in deliveries:
        if delivery.channel != CHANNEL or not delivery.user_key.isdigit():
            log.warning("kept message for channel %s cannot be answered on Telegram", delivery.channel)
            continue
        try:
            await sender.send(int(delivery.user_key), delivery.replies)
        except Forbidden:
            log.warning("answer to a kept message not sent: the person blocked the bot")
        except TelegramError as error:
            # Kept again: the next round asks Rasa, which replays this turn's replies rather than running it twice.
            log.error("answer to a kept message could not be sent, keeping it: %s", mask(str(error)))
            await services.conversation.keep_again([delivery])


class CaseCards:
    """Posts a card for each new case in the workers' group, re-announces urgent ones, marks claimed ones."""

    def __init__(self, services: Services, desk: CaseDesk, chat_id: int) -> None:
        self.services = services
        self.desk = desk
        self.chat_id = chat_id
        self.reannounce = float(behaviour()["jobs"]["urgent_reannounce_seconds"])
        self.max_chars = int(behaviour()["message"]["max_chars"])  # a card is one message: its button stays on it

    async def run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One pass over the waiting cases (job callback)."""
        try:
            waiting = await asyncio.to_thread(self.desk.waiting_cases)
            await self._announce(context, waiting)
            await self._retire(context, {case.ref for case in waiting})
        except SQLAlchemyError as error:
            log.error("case cards: store unavailable: %s", error)
        except RedisError as error:  # the shared card book is gone: cards wait rather than go out twice
            log.error("case cards: card state unavailable: %s", error)

    async def _announce(self, context: ContextTypes.DEFAULT_TYPE, waiting: list[CaseView]) -> None:
        cards = self.services.cards
        for case in waiting:
            again_after = self.reannounce if case.priority == "urgent" else None
            earlier = cards.reserve(case.ref, time.time(), again_after)
            if earlier is None:
                continue  # announced recently, by this process or another
            reminder = bool(earlier.message_ids or earlier.announced_at)
            body = card_text(case, WORKER_LANGUAGE, reminder=reminder)
            try:
                sent = await context.bot.send_message(
                    self.chat_id, body[: self.max_chars], reply_markup=claim_keyboard(case.ref)
                )
            except TelegramError as error:
                log.error("case card for %s not posted: %s", case.ref, error)
                cards.release(case.ref, earlier)
                continue
            cards.add(case.ref, sent.message_id)

    async def _retire(self, context: ContextTypes.DEFAULT_TYPE, waiting: set[str]) -> None:
        """Cards of cases claimed elsewhere (CLI, /take) or erased lose their Claim button."""
        for ref in self.services.cards.refs():
            if ref not in waiting:
                for message_id in self.services.cards.take(ref):
                    await drop_card_button(context, self.chat_id, message_id)
