"""The audit log: one line per action on a case, naming the actor and the case ref but no personal data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import AuditEvent

SYSTEM = "system"
USER = "user"


def record(session: Session, actor: str, action: str, case_ref: str | None = None, detail: str = "") -> None:
    """Add an audit line (committed with the caller's transaction)."""
    session.add(AuditEvent(actor=actor, action=action, case_ref=case_ref, detail=detail))


def history(session: Session, case_ref: str | None = None) -> list[AuditEvent]:
    """Audit lines, oldest first, optionally for one case."""
    query = select(AuditEvent).order_by(AuditEvent.id)
    if case_ref is not None:
        query = query.where(AuditEvent.case_ref == case_ref)
    return list(session.scalars(query))
