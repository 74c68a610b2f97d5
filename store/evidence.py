"""Evidence files a person sends (photos, screenshots): metadata in the store, the file itself on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.cases import get_case
from store.db import REPO_ROOT
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


def evidence_root() -> Path:
    """Where evidence files live: HOTLINE_EVIDENCE_DIR, else var/evidence in the repository."""
    return Path(os.environ.get("HOTLINE_EVIDENCE_DIR") or REPO_ROOT / "var" / "evidence")


def remove_case_files(ref: str, stored_paths: list[str]) -> None:
    """Delete a case's evidence files and its folder (`<evidence root>/<ref>`, as the channels store them)."""
    folders = {evidence_root() / ref}
    for stored_path in stored_paths:
        path = Path(stored_path)
        path.unlink(missing_ok=True)
        if path.parent.name == ref:
            folders.add(path.parent)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
