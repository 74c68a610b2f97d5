"""Evidence files a person sends (photos, screenshots): metadata in the store, the file itself on disk."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.cases import get_case
from store.models import Evidence


def attach_evidence(
    session: Session, ref: str, filename: str, mime: str, size: int, sha256: str, stored_path: str
) -> Evidence:
    """Record one evidence file on case `ref` (the channel has already stored and hashed it)."""
    case = get_case(session, ref)
    item = Evidence(case_id=case.id, filename=filename, mime=mime, size=size, sha256=sha256, stored_path=stored_path)
    session.add(item)
    session.flush()
    audit.record(session, audit.USER, "evidence_added", case.ref, f"{mime} {size} bytes")
    return item


def evidence_for(session: Session, ref: str) -> list[Evidence]:
    """Evidence of a case, oldest first."""
    case = get_case(session, ref)
    return list(session.scalars(select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id)))
