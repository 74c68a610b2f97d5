"""Erasure: `/delete_my_data`, `./hotline users forget ID` and the retention purge.

A person's cases, transcripts, evidence files and queued messages are deleted; one anonymous audit line
records that an erasure happened (no id, no refs), so the service can show it honoured the request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from store import audit
from store.models import Case, Evidence, Message, OutboxMessage, Status, utcnow


@dataclass(frozen=True)
class Erased:
    """How much was removed."""

    cases: int
    messages: int
    paused_senders: tuple[str, ...] = ()  # people whose open case was erased: their bot must be resumed
    senders: tuple[str, ...] = ()  # every conversation id of the person: their Rasa trackers are erased too


def _erase_cases(session: Session, case_ids: list[int]) -> Erased:
    if not case_ids:
        return Erased(0, 0)
    messages = session.scalar(select(func.count()).select_from(Message).where(Message.case_id.in_(case_ids))) or 0
    for stored_path in session.scalars(select(Evidence.stored_path).where(Evidence.case_id.in_(case_ids))):
        Path(stored_path).unlink(missing_ok=True)
    # Children first: SQLite without foreign keys enabled would otherwise leave orphans.
    session.execute(delete(Message).where(Message.case_id.in_(case_ids)))
    session.execute(delete(Evidence).where(Evidence.case_id.in_(case_ids)))
    session.execute(delete(Case).where(Case.id.in_(case_ids)))
    return Erased(len(case_ids), int(messages))


def forget_user(session: Session, person: str, actor: str) -> Erased:
    """Erase everything about `person` (a Rasa sender id or a pseudonym such as u-3f9c…)."""
    case_ids = list(
        session.scalars(select(Case.id).where(or_(Case.sender_id == person, Case.user_pseudonym == person)))
    )
    senders = set(session.scalars(select(Case.sender_id).where(Case.id.in_(case_ids)))) | {person}
    paused = tuple(
        sorted(
            set(
                session.scalars(select(Case.sender_id).where(Case.id.in_(case_ids), Case.status != Status.CLOSED.value))
            )
        )
    )
    erased = dataclasses.replace(
        _erase_cases(session, case_ids), paused_senders=paused, senders=tuple(sorted(senders - {""}))
    )
    session.execute(delete(OutboxMessage).where(OutboxMessage.recipient.in_(senders)))
    audit.record(session, actor, "erased", None, f"{erased.cases} cases, {erased.messages} messages")
    return erased


def purge_expired(session: Session, retention_days: int, now: dt.datetime | None = None) -> Erased:
    """Erase cases closed more than `retention_days` ago and delivered outbox rows as old."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    case_ids = list(session.scalars(select(Case.id).where(Case.status == Status.CLOSED.value, Case.closed_at < cutoff)))
    erased = _erase_cases(session, case_ids)
    session.execute(delete(OutboxMessage).where(OutboxMessage.delivered_at < cutoff))
    audit.record(
        session, audit.SYSTEM, "retention_purge", None, f"{erased.cases} cases older than {retention_days} days"
    )
    return erased
