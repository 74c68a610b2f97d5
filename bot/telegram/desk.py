"""What the Telegram channel needs from the case store, as plain values (no ORM objects leave this module).

Built only on the store's public functions (store/cases.py, workers.py, outbox.py, evidence.py). All methods
are synchronous database work; handlers call them through `asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import casework
from bot.alerts import notify_workers
from bot.rasa_client import RasaClient
from store import outbox
from store.cases import (
    OPEN_STATUSES,
    add_message,
    find_open_case,
    get_case,
    held_case,
    parse_ref,
    read_case,
    transcript,
)
from store.cases import list_cases as store_list_cases
from store.db import get_engine, session_scope
from store.errors import AlreadyClaimed
from store.evidence import attach_evidence
from store.models import REF_PREFIX, Case, Message, OutboxMessage, Role, Status, Worker
from store.policy import media_kind, summary_labels, worker_text
from store.summary import report
from store.workers import WorkerRef, authenticate

CHANNEL = "telegram"


class IncomingMedia(Protocol):
    """What the desk needs to know about a file a person sent (bot.telegram.media.IncomingFile)."""

    @property
    def filename(self) -> str:
        """The file's safe name."""

    @property
    def mime(self) -> str:
        """Its MIME type."""

    @property
    def kind(self) -> str:
        """photo, document, voice, audio or video."""


NOTE_ROLE = "note"  # an internal worker note in the transcript; never sent to the person


@dataclass(frozen=True)
class CaseView:
    """A case as a worker sees it on a card or in /cases."""

    ref: str
    priority: str
    status: str
    service_line: str
    summary: str
    worker: str | None
    last_messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimResult:
    """Who holds the case after a claim attempt."""

    ref: str
    won: bool
    holder: str


@dataclass(frozen=True)
class OutboxItem:
    """One queued message for a Telegram chat."""

    id: int
    chat_id: int | None  # None: a recipient that is not a Telegram chat (logged and dropped)
    text: str
    buttons: tuple[tuple[str, str], ...]
    claimable_ref: str | None = None  # an alert to a worker about a case still waiting: offer a Claim button


def _items(session: Session, rows: list[OutboxMessage]) -> list[OutboxItem]:
    return [
        OutboxItem(
            row.id,
            chat_id_of(row.recipient),
            row.text,
            tuple((b["title"], b["payload"]) for b in outbox.buttons_of(row)),
            None if row.recipient.startswith(f"{CHANNEL}-") else _waiting_ref(session, row.text),
        )
        for row in rows
    ]


def chat_id_of(recipient: str) -> int | None:
    """The Telegram chat of an outbox recipient: "telegram-123" (a person) or "123"/"-100…" (a worker or group)."""
    raw = recipient.removeprefix(f"{CHANNEL}-")
    return int(raw) if raw.lstrip("-").isdigit() else None


def _worker(user_id: int) -> WorkerRef:
    return WorkerRef(telegram_chat_id=str(user_id))


def _waiting_ref(session: Session, message: str) -> str | None:
    """The reference a worker alert names, if that case still waits for a worker."""
    found = re.search(rf"{REF_PREFIX}\d+", message)
    if found is None:
        return None
    case = session.get(Case, parse_ref(found.group(0)))
    return case.ref if case is not None and case.status == Status.WAITING.value else None


def _view(case: Case, last_messages: tuple[str, ...] = ()) -> CaseView:
    return CaseView(
        ref=case.ref,
        priority=case.priority,
        status=case.status,
        service_line=case.service_line or "-",
        summary=case.summary or "-",
        worker=case.worker.display_name if case.worker else None,
        last_messages=last_messages,
    )


class CaseDesk:
    """Case-store operations for Telegram users and workers (store at `database_url`, DATABASE_URL by default)."""

    def __init__(self, database_url: str | None = None, card_last_messages: int = 5) -> None:
        self.database_url = database_url
        self.card_last_messages = card_last_messages

    def prepare(self) -> None:
        """Open the store once (migrating it) before handlers and jobs use it from several threads at once.

        store.db.engine_for runs the Alembic upgrade on first use; two threads doing that together race.
        """
        get_engine(self.database_url)

    # --- people ------------------------------------------------------------------------------
    def open_case_ref(self, sender_id: str) -> str | None:
        """The reference of the person's waiting or claimed case, if any."""
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            return case.ref if case else None

    def add_evidence(
        self, sender_id: str, incoming: IncomingMedia, size: int, sha256: str, stored_path: str
    ) -> str | None:
        """Attach a stored file to the person's open case and tell its worker where it is; returns the ref.

        None when the person has no open case. The transcript line names the file and its path, so a worker
        who claims later sees it too.
        """
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            if case is None:
                return None
            attach_evidence(session, case.ref, incoming.filename, incoming.mime, size, sha256, stored_path)
            detail = worker_text(
                "evidence_detail", filename=incoming.filename, mime=incoming.mime, size=size, digest=sha256[:16],
                path=stored_path,
            )  # fmt: skip
            kind = media_kind(incoming.kind, "zh")
            line = worker_text("user_media", ref=case.ref, kind=kind, detail=detail)
            add_message(session, case, Role.USER, line)
            if case.worker is not None and case.status == Status.CLAIMED.value:
                notify_workers(session, [case.worker], line)
            return case.ref

    def relay_sticker(self, sender_id: str, emoji: str) -> str | None:
        """A sticker during a case reaches its worker as its emoji; returns the ref (None: no open case)."""
        with session_scope(self.database_url) as session:
            case = find_open_case(session, sender_id)
            if case is None:
                return None
            line = worker_text("user_media", ref=case.ref, kind=media_kind("sticker", "zh"), detail=emoji)
            add_message(session, case, Role.USER, line)
            if case.worker is not None and case.status == Status.CLAIMED.value:
                notify_workers(session, [case.worker], line)
            return case.ref

    # --- workers -----------------------------------------------------------------------------
    def is_worker(self, user_id: int) -> bool:
        """Whether this Telegram user is a registered social worker."""
        with session_scope(self.database_url) as session:
            return session.scalar(select(Worker.id).where(Worker.telegram_chat_id == str(user_id))) is not None

    def claim(self, user_id: int, ref: str) -> ClaimResult:
        """Claim a waiting case (exactly one claimer wins; the person is told who joined)."""
        try:
            case = casework.claim(_worker(user_id), ref, self.database_url)
            return ClaimResult(case.ref, True, case.worker.display_name if case.worker else "?")
        except AlreadyClaimed:
            with session_scope(self.database_url) as session:
                case = get_case(session, ref)
                holder = case.worker.display_name if case.worker else "?"
                return ClaimResult(
                    case.ref, case.worker is not None and case.worker.telegram_chat_id == str(user_id), holder
                )

    def open_cases(self, user_id: int, limit: int) -> list[CaseView]:
        """Waiting and claimed cases, most urgent first (only for registered workers)."""
        with session_scope(self.database_url) as session:
            worker = authenticate(session, telegram_chat_id=str(user_id))
            cases = [c for c in store_list_cases(session, worker) if c.status in OPEN_STATUSES]
            return [_view(case) for case in cases[:limit]]

    def held_refs(self, user_id: int) -> list[str]:
        """References of the cases this worker holds."""
        with session_scope(self.database_url) as session:
            worker = authenticate(session, telegram_chat_id=str(user_id))
            return [
                c.ref
                for c in store_list_cases(session, worker, status=Status.CLAIMED.value)
                if c.worker_id == worker.id
            ]

    def case_text(self, user_id: int, ref: str) -> str:
        """The whole case as the worker reads it (read policy applies; the read is audited)."""
        with session_scope(self.database_url) as session:
            worker = authenticate(session, telegram_chat_id=str(user_id))
            case = read_case(session, worker, ref, "telegram")
            return f"{case.ref}  {case.priority}  {case.status}\n{report(session, case, viewer=worker).text()}"

    def reply(self, user_id: int, ref: str, message: str) -> str:
        """Send the worker's message to the person (raises unless the worker holds the case)."""
        return casework.reply(_worker(user_id), ref, message, self.database_url).ref

    async def close(self, user_id: int, ref: str, outcome: str, rasa: RasaClient) -> str:
        """Resume the bot, ask the person for a rating, close the case (raises RasaUnavailable: case stays open)."""
        case = await casework.close(_worker(user_id), ref, outcome, rasa, self.database_url)
        return case.ref

    def note(self, user_id: int, ref: str, note: str) -> str:
        """Add an internal note to a case the worker holds (stored masked, never sent to the person)."""
        with session_scope(self.database_url) as session:
            worker = authenticate(session, telegram_chat_id=str(user_id))
            case = held_case(session, worker, ref)
            # The store has no note function yet; a transcript row with its own role keeps it out of relays.
            message = add_message(session, case, Role.WORKER, note, worker)
            message.role = NOTE_ROLE
            return case.ref

    # --- the workers' group --------------------------------------------------------------------
    def waiting_cases(self) -> list[CaseView]:
        """Every waiting case with its last transcript lines, oldest first (for cards)."""
        with session_scope(self.database_url) as session:
            cases = session.scalars(select(Case).where(Case.status == Status.WAITING.value).order_by(Case.id))
            return [_view(case, self._last_lines(session, case)) for case in cases]

    def _last_lines(self, session: Session, case: Case) -> tuple[str, ...]:
        lines: list[Message] = transcript(session, case, last=self.card_last_messages)
        roles = summary_labels()["roles"]
        return tuple(f"{roles.get(m.role, m.role)}: {m.text}" for m in lines if m.role != NOTE_ROLE)

    # --- outbox ------------------------------------------------------------------------------
    def undelivered(self, limit: int = 50) -> list[OutboxItem]:
        """Queued Telegram messages, oldest first."""
        with session_scope(self.database_url) as session:
            return _items(session, outbox.fetch_undelivered(session, CHANNEL, limit=limit))

    async def deliver(self, send: Callable[[OutboxItem], Awaitable[bool]], limit: int = 50, rounds: int = 5) -> int:
        """Send queued messages with `send` (True: done with the row) and mark them; returns how many were marked.

        On PostgreSQL any number of bot processes may run this at once: the rows of a batch stay locked while they
        are sent and marked in the same transaction, so each message goes out once, in order per person; a process
        that dies mid-batch leaves its rows unmarked for the next one (sent again rather than lost).
        """
        if get_engine(self.database_url).dialect.name != "postgresql":
            marked = 0
            for item in await asyncio.to_thread(self.undelivered, limit):
                marked += bool(await send(item) and await asyncio.to_thread(self.mark_delivered, item.id))
            return marked
        return await self._deliver_locked(send, limit, rounds)

    async def _deliver_locked(self, send: Callable[[OutboxItem], Awaitable[bool]], limit: int, rounds: int) -> int:
        marked = 0
        for _ in range(rounds):  # each round takes the next message of every person
            with session_scope(self.database_url) as session:
                items = await asyncio.to_thread(lambda: _items(session, outbox.lock_heads(session, CHANNEL, limit)))
                sent = [item.id for item in items if await send(item)]
                marked += await asyncio.to_thread(outbox.mark_delivered, session, sent)
            if not items or len(sent) < len(items):  # nothing left, or a send failed: the next poll retries
                break
        return marked

    def mark_delivered(self, outbox_id: int) -> bool:
        """Mark one message delivered; False if another process already did (it must not be sent twice)."""
        with session_scope(self.database_url) as session:
            return outbox.mark_delivered(session, [outbox_id]) == 1
