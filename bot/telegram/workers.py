"""Handlers for social workers: claim from a case card, /cases, /take, /case, /close, /note, and relaying their words.

Workers are recognised by their Telegram user id, registered in the case store (`./hotline workers add`);
everyone else gets a polite refusal. Store errors (not a worker, unknown case, not yours) become texts.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.rasa_client import RasaUnavailable
from bot.replies import Reply
from bot.telegram.desk import CaseDesk, CaseView
from bot.telegram.language import language_of
from bot.telegram.services import Services
from bot.telegram.settings import behaviour
from bot.telegram.texts import text
from store.errors import CaseClosed, CaseNotFound, NotAllowed, NotAssignee, NotAWorker
from store.policy import worker_text

log = logging.getLogger(__name__)
T = TypeVar("T")
REF_IN_TEXT = re.compile(r"HL-\d{6}")
ACTIVE_CASE = "active_case"  # user_data key: the case a worker's plain private messages go to


def card_text(case: CaseView, language: str, reminder: bool = False) -> str:
    """The text of a case card in the workers' group."""
    lines = "\n".join(case.last_messages) or "-"
    body = text(
        "case_card", language, ref=case.ref, priority=case.priority, service_line=case.service_line,
        summary=case.summary, last_messages=lines,
    )  # fmt: skip
    return f"{text('case_card_again', language)}\n{body}" if reminder else body


class WorkerHandlers:
    """Commands and messages of registered social workers."""

    def __init__(self, services: Services, desk: CaseDesk) -> None:
        self.services = services
        self.desk = desk
        self.list_limit = int(behaviour()["workers"]["cases_list_limit"])

    async def _say(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **values: object) -> None:
        """Answer the worker as a reply to their message (the group is shared)."""
        await self.services.say(update, context, key, threaded=True, **values)

    async def _store(self, update: Update, context: ContextTypes.DEFAULT_TYPE, call: Callable[[], T]) -> T | None:
        """Run a store call in a thread; its refusals become a text to the worker and None."""
        return await self._refusals(update, context, asyncio.to_thread(call))

    async def _refusals(self, update: Update, context: ContextTypes.DEFAULT_TYPE, work: Awaitable[T]) -> T | None:
        """Await `work`; a refusal by the store (or an unreachable Rasa) becomes a text to the worker and None."""
        try:
            return await work
        except NotAWorker:
            await self._say(update, context, "not_a_worker")
        except CaseNotFound:
            await self._say(update, context, "case_unknown", ref=" ".join(context.args or [])[:20] or "?")
        except NotAssignee as error:
            await self._say(update, context, "case_not_yours", ref=_ref_in(str(error)))
        except CaseClosed as error:
            await self._say(update, context, "case_closed", ref=_ref_in(str(error)))
        except RasaUnavailable:
            await self._say(update, context, "close_failed", ref=" ".join(context.args or [])[:20])
        return None

    async def cases(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/cases: open cases, most urgent first."""
        user = update.effective_user
        found = await self._store(
            update, context, lambda: self.desk.open_cases(user.id if user else 0, self.list_limit)
        )
        if found is None:
            return
        if not found:
            await self._say(update, context, "no_cases")
            return
        language = language_of(update, context.user_data)
        lines = [text("cases_header", language)] + [
            text("case_line", language, ref=c.ref, priority=c.priority, status=c.status,
                 service_line=c.service_line, worker=c.worker or "-")
            for c in found
        ]  # fmt: skip
        message = update.effective_message
        if message is not None:
            await self.services.sender(context.bot).send(message.chat_id, [Reply("\n".join(lines))])

    async def take(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/take REF: claim a case (or make a case one already holds the current one)."""
        user = update.effective_user
        if not context.args or user is None:
            await self._say(update, context, "take_usage")
            return
        ref = context.args[0].upper()
        result = await self._store(update, context, lambda: self.desk.claim(user.id, ref))
        if result is None:
            return
        if result.won and context.user_data is not None:
            context.user_data[ACTIVE_CASE] = result.ref
        key = "claim_won" if result.won else "claim_lost"
        await self._say(update, context, key, ref=result.ref, worker=result.holder)

    async def close(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/close REF outcome: close a case one holds; the bot resumes and asks the person for a rating."""
        user, args = update.effective_user, context.args or []
        if len(args) < 2 or user is None:
            await self._say(update, context, "close_usage")
            return
        rasa = self.services.conversation.rasa
        ref = await self._refusals(update, context, self.desk.close(user.id, args[0], " ".join(args[1:]), rasa))
        if ref is not None:
            if context.user_data is not None and context.user_data.get(ACTIVE_CASE) == ref:
                del context.user_data[ACTIVE_CASE]
            await self._say(update, context, "case_closed", ref=ref)

    async def case(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/case REF: summary, risk, facts, every message and evidence paths (the read policy applies)."""
        user, message, args = update.effective_user, update.effective_message, context.args or []
        if user is None or message is None:
            return
        sender = self.services.sender(context.bot)
        if not args:
            await sender.send(message.chat_id, [Reply(worker_text("case_usage"))])
            return
        try:
            found = await self._store(update, context, lambda: self.desk.case_text(user.id, args[0]))
        except NotAllowed as error:
            await sender.send(message.chat_id, [Reply(str(error))])
            return
        if found is not None:
            await sender.send(message.chat_id, [Reply(found)])

    async def note(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/note REF text: an internal note the person never sees."""
        user, args = update.effective_user, context.args or []
        if len(args) < 2 or user is None:
            await self._say(update, context, "note_usage")
            return
        ref = await self._store(update, context, lambda: self.desk.note(user.id, args[0], " ".join(args[1:])))
        if ref is not None:
            await self._say(update, context, "note_saved", ref=ref)

    async def claim_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The Claim button on a case card: exactly one worker wins; the card then shows who."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        ref = (query.data or "").partition("|")[2]
        language = language_of(update, context.user_data)
        try:
            result = await asyncio.to_thread(self.desk.claim, user.id, ref)
        except NotAWorker:
            await query.answer(text("not_a_worker", language), show_alert=True)
            return
        except (CaseNotFound, CaseClosed):
            await query.answer(text("case_unknown", language, ref=ref), show_alert=True)
            return
        if not result.won:
            await query.answer(text("claim_lost", language, ref=result.ref, worker=result.holder), show_alert=True)
            return
        await query.answer(text("claim_won", language, ref=result.ref), show_alert=True)
        if context.user_data is not None:
            context.user_data[ACTIVE_CASE] = result.ref
        await mark_card_claimed(query, text("card_claimed", language, worker=result.holder))
        pressed = query.message.message_id if query.message else None
        for message_id in self.services.cards.take(result.ref):
            if message_id != pressed:  # earlier reminders of the same case lose their button too
                await drop_card_button(context, self.services.settings.workers_chat_id, message_id)

    async def private_relay(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A worker's plain private message goes to the person of their current case (people pass through)."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None or not message.text:
            return
        if not await asyncio.to_thread(self.desk.is_worker, user.id):
            return  # not a worker: the person handlers answer
        ref = await self._current_case(update, context, user.id)
        if ref is not None:
            await self._relay(update, context, ref, message.text)
        raise ApplicationHandlerStop

    async def group_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In the workers' group, a reply to a case card goes to that case's person."""
        message = update.effective_message
        original = message.reply_to_message if message else None
        if message is None or not message.text or original is None or original.from_user is None:
            return
        if original.from_user.id != context.bot.id:
            return
        ref = _ref_in(original.text or "")
        if ref:
            await self._relay(update, context, ref, message.text)

    async def _current_case(self, update: Update, context: ContextTypes.DEFAULT_TYPE, user_id: int) -> str | None:
        held = await asyncio.to_thread(self.desk.held_refs, user_id)
        active = (context.user_data or {}).get(ACTIVE_CASE)
        if active in held:
            return str(active)
        if len(held) == 1:
            return held[0]
        if held:
            await self._say(update, context, "which_case", refs=", ".join(held))
        else:
            await self._say(update, context, "no_active_case")
        return None

    async def _relay(self, update: Update, context: ContextTypes.DEFAULT_TYPE, ref: str, words: str) -> None:
        user = update.effective_user
        relayed = await self._store(update, context, lambda: self.desk.reply(user.id if user else 0, ref, words))
        if relayed is not None:
            await self._say(update, context, "relayed", ref=relayed)


def _ref_in(message: str) -> str:
    found = REF_IN_TEXT.search(message)
    return found.group(0) if found else ""


async def drop_card_button(context: ContextTypes.DEFAULT_TYPE, chat_id: int | None, message_id: int) -> None:
    """Remove the Claim button of one card (it may be gone already: that is fine)."""
    if chat_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError as error:
        log.info("card %s not updated: %s", message_id, error)


async def mark_card_claimed(query: CallbackQuery | Any, note: str) -> None:
    """Replace a card's Claim button by who claimed it."""
    if not isinstance(query.message, Message) or not query.message.text:
        return
    try:
        await query.edit_message_text(f"{query.message.text}\n\n{note}", reply_markup=None)
    except TelegramError as error:
        log.info("could not update the case card: %s", error)
