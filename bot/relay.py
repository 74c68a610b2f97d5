"""The handoff relay (`HandoffRelay` in bot/conversation.py): while a case waits or is held, messages go to the human.

Each message of a person with an open case is stored masked in the transcript (so the worker sees every one,
including those sent while waiting) and re-assesses the case's risk. A held case relays it to the worker and
says so. A waiting case lets the bot keep helping (the message passes on to Rasa) unless the case is urgent,
the message shows distress, or the person asks how long it will take or whether anyone is there: those get
the truth (held by whom, who is on duty, or that nobody is). A crisis message raises the case to urgent,
alerts workers and answers with the hotlines. A phone number is kept for the worker only when the same
message asks for a call.
`/delete_my_data` is handled here too, before Rasa, because it must work whatever state the bot is in: the
worker holding the case (or the on-duty team) is told at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.alerts import notify_workers, tell_workers_of_erasure
from bot.casework import resume_bot
from bot.console import OutboxFetcher
from bot.conversation import rasa_sender_id
from bot.escalation import respond_to_crisis
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Button, Reply
from kb import checkin
from nlu.language import language_switch
from nlu.risk import RiskAssessment, assess_risk, person_level
from store import outbox, policy
from store.audit import USER
from store.callback import record_consent
from store.cases import CRISIS_REASONS, NewCase, add_message, find_open_case, raise_priority, user_messages
from store.db import session_scope
from store.masking import mask, phone_numbers
from store.models import Case, Priority, RiskLevel, Role, Status, Worker, utcnow
from store.privacy import Erased, forget_user
from store.summary import case_risk
from store.tracker_erasure import erase_conversations
from store.workers import on_duty_workers

DELETE_COMMAND = "/delete_my_data"
log = logging.getLogger(__name__)


def only_acknowledges(text: str) -> bool:
    """Whether the whole message is a bare "ok" / "好的" (knowledge/handoff.yml `acknowledgements`)."""
    bare = re.sub(r"[\s.!！。~～,，]+$", "", text.strip().lower())
    return any(re.fullmatch(pattern, bare) for pattern in policy.section("acknowledgements"))


def asks_about_the_wait(text: str) -> bool:
    """Whether the message asks how long it takes or whether anyone is there (knowledge/handoff.yml)."""
    lowered = text.lower()
    return any(re.search(pattern, lowered) for pattern in policy.section("waiting_questions"))


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
        risk = assess_risk(text, encode=True)
        kind = checkin.crisis_kind(text, risk.kind)
        new = NewCase(
            sender_id=sender_id,
            channel=channel,
            language=language,
            reason=kind,
            priority=Priority.URGENT,
            transcript=[(Role.USER, text)],
        )
        escalation = await asyncio.to_thread(respond_to_crisis, kind, new, self.database_url, risk.level, text)
        return [Reply(line) for line in escalation.texts]

    async def _forget(self, sender_id: str) -> list[Reply]:
        """Erase the person's data and tell the workers of open cases; resume a bot a case had paused."""
        open_case_language, erased = await asyncio.to_thread(self._erase, sender_id)
        if erased.paused_senders:
            try:
                await resume_bot(self.rasa, sender_id)
            except RasaUnavailable as error:
                log.error("could not resume the bot after erasing an open case: %s", error)
        await asyncio.to_thread(erase_conversations, (*erased.senders, sender_id))
        language = open_case_language or "zh"
        replies = [Reply(policy.text("data_deleted", language, cases=erased.cases, messages=erased.messages))]
        if erased.open_cases:
            replies.append(Reply(policy.text("data_deleted_worker_told", language)))
        if any(case.priority == Priority.URGENT.value for case in erased.open_cases):
            # Safety first: the hotlines stay with the person even though the case is gone.
            replies.insert(0, Reply(policy.crisis_reply("suicide_risk", language)))
        return replies

    def _erase(self, sender_id: str) -> tuple[str | None, Erased]:
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            erased = forget_user(session, sender_id, actor=USER)
            for item in erased.open_cases:
                tell_workers_of_erasure(session, item)
            return (case.language if case else None), erased

    def _relay(self, sender_id: str, message: str) -> list[Reply] | None:
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            if case is None:
                return None
            # The reply language is the person's: a sentence in the other language switches it, for this reply
            # and the ones after it, as it does in the bot (nlu/language.py).
            case.language = language_switch(message, case.language) or case.language
            was_urgent = case.priority == Priority.URGENT.value
            consent = record_consent(session, case, message)
            add_message(session, case, Role.USER, message)
            held_by = case.worker if case.status == Status.CLAIMED.value else None
            replies: list[Reply] = []
            # Rasa does not see a held conversation, so the full assessment (words and encoder) runs here.
            earlier = user_messages(session, case)[:-1][-checkin.EARLIER_MESSAGES :]
            risk = _person_risk(message, earlier)
            kind = checkin.crisis_kind(message, risk.kind) if risk.is_crisis else None
            if kind is not None:
                someone_else = checkin.about_someone_else(kind, message, earlier)
                replies.append(Reply(policy.crisis_reply(kind, case.language, risk.level, someone_else)))
                replies.append(Reply(checkin.safety_question(risk.level, kind, case.language, message, earlier)))
                _flag_crisis(session, case, kind, was_urgent)
            if held_by is not None:
                notify_workers(session, [held_by], policy.worker_text("user_message", ref=case.ref, text=mask(message)))
            if consent is not None:
                replies.append(Reply(policy.text("callback_consented", case.language, last4=consent.number[-4:])))
                if held_by is not None:
                    notify_workers(session, [held_by], policy.worker_text("callback_consented", ref=case.ref))
            elif phone_numbers(message):
                replies.append(Reply(policy.text("callback_offer", case.language)))
            distressed = kind is None and held_by is None and case_risk([message])[0] != RiskLevel.NONE.value
            if distressed:
                # Distress is answered by a person-minded line and the honest status, not by a topic answer.
                replies.append(Reply(policy.text("distress_while_waiting", case.language, ref=case.ref)))
            if asks_about_the_wait(message) or distressed:
                replies.append(Reply(_status(session, case, held_by)))
            elif held_by is not None:
                replies.append(Reply(policy.text("held_ack", case.language, worker=held_by.display_name)))
            elif case.priority != Priority.URGENT.value and not replies and not only_acknowledges(message):
                return None  # waiting: stored for the worker, and the bot keeps helping meanwhile
            elif kind is None:
                replies.append(Reply(_waiting_ack(session, case)))
            return replies


def _person_risk(message: str, earlier: list[str]) -> RiskAssessment:
    """The message's own level, added up with the earlier ones when it shows risk or says someone cannot be
    reached ("她电话一直不接" after a farewell is imminent); a calm message does not repeat the crisis reply."""
    current = assess_risk(message, encode=True)
    if not (current.needs_care or current.unreachable):
        return current
    return person_level([*(assess_risk(text, encode=True) for text in earlier), current])


def _status(session: Session, case: Case, held_by: Worker | None) -> str:
    """The truthful answer to "how long?" / "are you there?"."""
    if held_by is not None:
        return policy.text("status_held", case.language, worker=held_by.display_name, ref=case.ref)
    on_duty = on_duty_workers(session)
    if not on_duty:
        return policy.text("status_nobody_on_duty", case.language, ref=case.ref)
    wait = policy.typical_wait(case.priority, case.language)
    return policy.text("status_waiting", case.language, ref=case.ref, count=len(on_duty), wait=wait)


def _waiting_ack(session: Session, case: Case) -> str:
    if on_duty_workers(session):
        wait = policy.typical_wait(case.priority, case.language)
        return policy.text("waiting_ack", case.language, ref=case.ref, wait=wait)
    return policy.text("waiting_nobody_on_duty", case.language, ref=case.ref)


def _flag_crisis(session: Session, case: Case, kind: str, was_urgent: bool) -> None:
    """Make the case urgent and alert its worker, or every on-duty worker while nobody holds it."""
    if not was_urgent or case.reason not in CRISIS_REASONS:
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
