"""Alerting social workers: once when a case opens, and every few minutes while an urgent case waits.

Alerts are outbox rows: channel `telegram` (recipient = chat id) for a worker with a Telegram chat id, the
Telegram process delivers them; channel `cli` (recipient = `worker:<handle>`) for a worker without one,
printed by `./hotline cases watch`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from store import outbox
from store.db import session_scope
from store.models import Case, Priority, Status, Worker, iso_utc, utcnow
from store.policy import label, policy_value, worker_text
from store.privacy import ErasedCase
from store.workers import on_duty_workers

log = logging.getLogger(__name__)
WORKER_CHANNEL = "telegram"
CLI_CHANNEL = "cli"


def cli_recipient(handle: str) -> str:
    """The outbox recipient of a command-line worker (read by `./hotline cases watch`)."""
    return f"worker:{handle}"


def notify_workers(session: Session, workers: list[Worker], text: str) -> int:
    """Queue `text` for every worker in `workers` on their channel; returns how many were queued."""
    for worker in workers:
        if worker.telegram_chat_id:
            outbox.enqueue(session, WORKER_CHANNEL, worker.telegram_chat_id, text)
        else:
            outbox.enqueue(session, CLI_CHANNEL, cli_recipient(worker.handle), text)
    return len(workers)


def alert_new_case(session: Session, case: Case) -> int:
    """Tell every on-duty worker about a new case; returns how many workers are on duty."""
    workers = on_duty_workers(session)
    if workers:
        alert = worker_text(
            "alert_new",
            ref=case.ref,
            priority=label("priority_labels", case.priority),
            risk=label("risk_labels", case.risk_level),
            reason=label("reason_labels", case.reason),
            summary=case.summary,
        )
        notify_workers(session, workers, alert)
        case.last_alerted_at = utcnow()
    return len(workers)


def realert_unclaimed(session: Session, now: dt.datetime | None = None) -> list[str]:
    """Alert on-duty workers again about urgent cases unclaimed for `realert_minutes`; returns their refs.

    A case alerted while nobody was on duty keeps last_alerted_at empty, so the first worker to come on duty
    is alerted at the next check.
    """
    now = now or utcnow()
    due = now - dt.timedelta(minutes=policy_value("realert_minutes"))
    workers = on_duty_workers(session)
    if not workers:
        return []
    query = select(Case).where(
        Case.status == Status.WAITING.value,
        Case.priority == Priority.URGENT.value,
        or_(Case.last_alerted_at.is_(None), Case.last_alerted_at <= due),
    )
    alerted = []
    for case in session.scalars(query.order_by(Case.id)):
        minutes = int((now - case.created_at).total_seconds() // 60)
        reason = label("reason_labels", case.reason)
        notify_workers(session, workers, worker_text("alert_urgent", ref=case.ref, minutes=minutes, reason=reason))
        case.last_alerted_at = now
        alerted.append(case.ref)
    return alerted


async def run_realert_loop(stop: asyncio.Event, check_seconds: float = 30.0, database_url: str | None = None) -> None:
    """Check for unclaimed urgent cases every `check_seconds` until `stop` is set (run beside a channel)."""
    while not stop.is_set():
        try:
            refs = await asyncio.to_thread(_realert_once, database_url)
            if refs:
                log.warning("urgent cases still unclaimed, workers re-alerted: %s", ", ".join(refs))
        except SQLAlchemyError as error:  # a database hiccup must not end the loop that protects urgent cases
            log.error("re-alert check failed: %s", error)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=check_seconds)


def _realert_once(database_url: str | None) -> list[str]:
    with session_scope(database_url) as session:
        return realert_unclaimed(session)


def tell_workers_of_erasure(session: Session, item: ErasedCase) -> None:
    """The worker holding an erased case (or every on-duty worker while nobody held it) hears at once."""
    holder = session.get(Worker, item.worker_id) if item.worker_id is not None else None
    recipients = [holder] if holder is not None else on_duty_workers(session)
    at = iso_utc(item.erased_at)
    if item.priority == Priority.URGENT.value:
        risk = label("risk_labels", item.risk_level)
        line = worker_text("case_erased_urgent", ref=item.ref, risk=risk, at=at)
    else:
        line = worker_text("case_erased", ref=item.ref, at=at)
    notify_workers(session, recipients, line)
