"""Erasure: `/delete_my_data`, `./hotline users forget ID` and the retention purge.

A person's erasure removes every message, evidence file (and its case folder), call-back number and queued
message, but keeps each case as a record without content: "erased at the person's request", with its
reference, times, priority and worker, so a worker holding it sees what happened instead of a case that
vanished. The retention purge deletes old closed cases outright.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from store import audit
from store.cases import OPEN_STATUSES
from store.evidence import remove_case_files
from store.models import CallbackConsent, Case, Evidence, Message, OutboxMessage, RiskLevel, Status, utcnow


@dataclass(frozen=True)
class ErasedCase:
    """An open case that was erased: who must be told, and how urgent it was."""

    ref: str
    worker_id: int | None
    priority: str
    risk_level: str
    erased_at: dt.datetime


@dataclass(frozen=True)
class Erased:
    """How much was removed."""

    cases: int
    messages: int
    paused_senders: tuple[str, ...] = ()  # people whose open case was erased: their bot must be resumed
    senders: tuple[str, ...] = ()  # every conversation id of the person: their Rasa trackers are erased too
    open_cases: tuple[ErasedCase, ...] = ()  # erased while waiting or held: the workers must be told


def _remove_content(session: Session, cases: list[Case]) -> int:
    """Delete the messages, evidence (files and folders) and call-back numbers of `cases`; returns messages."""
    case_ids = [case.id for case in cases]
    if not case_ids:
        return 0
    messages = session.scalar(select(func.count()).select_from(Message).where(Message.case_id.in_(case_ids))) or 0
    for case in cases:
        paths = list(session.scalars(select(Evidence.stored_path).where(Evidence.case_id == case.id)))
        remove_case_files(case.ref, paths)
        # Lines for the worker not yet delivered carry the person's words: they go too.
        session.execute(
            delete(OutboxMessage).where(OutboxMessage.delivered_at.is_(None), OutboxMessage.text.like(f"[{case.ref}]%"))
        )
    # Children first: SQLite without foreign keys enabled would otherwise leave orphans.
    session.execute(delete(Message).where(Message.case_id.in_(case_ids)))
    session.execute(delete(Evidence).where(Evidence.case_id.in_(case_ids)))
    session.execute(delete(CallbackConsent).where(CallbackConsent.case_id.in_(case_ids)))
    return int(messages)


def _keep_record_only(case: Case, now: dt.datetime) -> None:
    """What stays of an erased case: reference, times, priority and worker; no words, facts or identity."""
    case.sender_id = ""
    case.user_pseudonym = "erased"
    case.service_line = None
    case.topic = None
    case.reason = "erased"
    case.summary = ""
    case.facts = {}
    case.outcome = None
    case.rating = None
    case.rated_at = None
    case.risk_level = RiskLevel.NONE.value
    case.risk_words = []
    case.status = Status.ERASED.value
    case.closed_at = case.closed_at or now
    case.erased_at = now


def forget_user(session: Session, person: str, actor: str) -> Erased:
    """Erase everything about `person` (a Rasa sender id or a pseudonym such as u-3f9c…)."""
    query = select(Case).where(
        or_(Case.sender_id == person, Case.user_pseudonym == person), Case.status != Status.ERASED.value
    )
    cases = list(session.scalars(query.order_by(Case.id)))
    now = utcnow()
    senders = {case.sender_id for case in cases} | {person}
    opened = [case for case in cases if case.status in OPEN_STATUSES]
    paused = tuple(sorted({case.sender_id for case in opened}))
    erased_open = tuple(ErasedCase(c.ref, c.worker_id, c.priority, c.risk_level, now) for c in opened)
    messages = _remove_content(session, cases)
    for case in cases:
        _keep_record_only(case, now)
        audit.record(session, actor, "erased", case.ref, "at the person's request")
    session.execute(delete(OutboxMessage).where(OutboxMessage.recipient.in_(senders)))
    audit.record(session, actor, "erased", None, f"{len(cases)} cases, {messages} messages")
    return Erased(len(cases), messages, paused, tuple(sorted(senders - {""})), erased_open)


def purge_expired(session: Session, retention_days: int, now: dt.datetime | None = None) -> Erased:
    """Delete cases (and erasure records) finished more than `retention_days` ago, and old delivered outbox rows."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    finished = Case.status.in_((Status.CLOSED.value, Status.ERASED.value))
    cases = list(session.scalars(select(Case).where(finished, Case.closed_at < cutoff)))
    messages = _remove_content(session, cases)
    session.execute(delete(Case).where(Case.id.in_([case.id for case in cases])))
    session.execute(delete(OutboxMessage).where(OutboxMessage.delivered_at < cutoff))
    audit.record(session, audit.SYSTEM, "retention_purge", None, f"{len(cases)} cases older than {retention_days} days")
    return Erased(len(cases), messages)
