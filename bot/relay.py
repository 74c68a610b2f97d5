"""The handoff relay (`HandoffRelay` in bot/conversation.py): while a case waits or is held, messages go to the human.

Each message of a person with an open case is stored masked in the transcript, passed to the assigned worker
through the outbox, and acknowledged truthfully (waiting, nobody on duty, or held by whom). A crisis message
during a case raises it to urgent, alerts workers at once and answers with the hotlines.
`/delete_my_data` is handled here too, before Rasa, because it must work whatever state the bot is in.
"""

from __future__ import annotations

import asyncio
import logging
import os

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.alerts import notify_workers
from bot.casework import resume_bot
from bot.console import OutboxFetcher
from bot.conversation import rasa_sender_id
from bot.escalation import respond_to_crisis
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Button, Reply
from nlu.safety import assess
from store import outbox, policy
from store.audit import USER
from store.cases import NewCase, add_message, find_open_case, raise_priority
from store.db import session_scope
from store.masking import mask
from store.models import Case, Priority, Role, Status, utcnow
from store.privacy import Erased, forget_user
from store.tracker_erasure import erase_conversations
from store.workers import on_duty_workers

DELETE_COMMAND = "/delete_my_data"
log = logging.getLogger(__name__)


class CaseRelay:
    """Relays between a person and the social worker holding their case (store at `database_url`)."""

    def __init__(self, database_url: str | None = None, rasa: RasaClient | None = None) -> None:
        self.database_url = database_url
        self._rasa = rasa

    @classmethod
    def from_env(cls, rasa: RasaClient | None = None) -> CaseRelay:
        """The relay over the store named by DATABASE_URL (the SQLite file under var/ by default)."""
        return cls(os.environ.get("DATABASE_URL"), rasa)

    @property
    def rasa(self) -> RasaClient:
        """The Rasa server to resume conversations on: the one given, else RASA_URL at the time of use."""
        return self._rasa or RasaClient()

    async def intercept(self, sender_id: str, channel: str, text: str) -> list[Reply] | None:
        """Take the message when the person has an open case (or asks for erasure); None lets the bot answer."""
        try:
            if text.strip().lower() == DELETE_COMMAND:
                return await self._forget(sender_id)
            return await asyncio.to_thread(self._relay, sender_id, text)
        except SQLAlchemyError as error:
            # The message path must never raise for a user's input; with the store down the bot answers instead.
            log.error("case store unavailable, the bot answers this message: %s", error)
            return None

    async def open_crisis_case_offline(self, sender_id: str, channel: str, language: str, text: str) -> list[Reply]:
        """Rasa is down and the message shows crisis: hotlines plus an urgent case, without any model."""
        kind = assess(text).kind or "suicide_risk"
        new = NewCase(
            sender_id=sender_id,
            channel=channel,
            language=language,
            reason=kind,
            priority=Priority.URGENT,
            transcript=[(Role.USER, text)],
        )
        escalation = await asyncio.to_thread(respond_to_crisis, kind, new, self.database_url)
        return [Reply(line) for line in escalation.texts]

    async def _forget(self, sender_id: str) -> list[Reply]:
        """Erase the person's data; if a case had paused the bot, resume it so they are not left unheard."""
        open_case_language, erased = await asyncio.to_thread(self._erase, sender_id)
        if erased.paused_senders:
            try:
                await resume_bot(self.rasa, sender_id)
            except RasaUnavailable as error:
                log.error("could not resume the bot after erasing an open case: %s", error)
        await asyncio.to_thread(erase_conversations, (*erased.senders, sender_id))
        language = open_case_language or "zh"
        return [Reply(policy.text("data_deleted", language, cases=erased.cases, messages=erased.messages))]

    def _erase(self, sender_id: str) -> tuple[str | None, Erased]:
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            return (case.language if case else None), forget_user(session, sender_id, actor=USER)

    def _relay(self, sender_id: str, message: str) -> list[Reply] | None:
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            if case is None:
                return None
            add_message(session, case, Role.USER, message)
            replies: list[Reply] = []
            kind = assess(message).kind
            if kind is not None:
                replies.append(Reply(policy.crisis_reply(kind, case.language)))
                _flag_crisis(session, case, kind)
            if case.status == Status.CLAIMED.value and case.worker is not None:
                line = policy.worker_text("user_message", ref=case.ref, text=mask(message))
                notify_workers(session, [case.worker], line)
                replies.append(Reply(policy.text("held_ack", case.language, worker=case.worker.display_name)))
            elif on_duty_workers(session):
                wait = policy.typical_wait(case.priority, case.language)
                replies.append(Reply(policy.text("waiting_ack", case.language, ref=case.ref, wait=wait)))
            else:
                replies.append(Reply(policy.text("waiting_nobody_on_duty", case.language, ref=case.ref)))
            return replies


def _flag_crisis(session: Session, case: Case, kind: str) -> None:
    """Make the case urgent and alert its worker, or every on-duty worker while nobody holds it."""
    if case.priority != Priority.URGENT.value:
        raise_priority(session, case, Priority.URGENT, kind)
    alert = policy.worker_text("crisis_during_case", ref=case.ref, kind=kind)
    if case.status == Status.CLAIMED.value and case.worker is not None:
        notify_workers(session, [case.worker], alert)
    elif notify_workers(session, on_duty_workers(session), alert):
        case.last_alerted_at = utcnow()


def outbox_fetcher(channel: str, user_key: str, database_url: str | None = None) -> OutboxFetcher:
    """An async callable returning (and marking delivered) the queued messages for one user of `channel`."""
    sender_id = rasa_sender_id(channel, user_key)

    def take() -> list[Reply]:
        with session_scope(database_url) as session:
            rows = outbox.fetch_undelivered(session, channel, recipient=sender_id)
            outbox.mark_delivered(session, [row.id for row in rows])
            return [
                Reply(row.text, tuple(Button(b["title"], b["payload"]) for b in outbox.buttons_of(row))) for row in rows
            ]

    async def fetch() -> list[Reply]:
        return await asyncio.to_thread(take)

    return fetch
