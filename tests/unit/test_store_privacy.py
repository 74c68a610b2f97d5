"""Erasure and retention: a person's data goes; a record without content (ref, times, worker) stays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import outbox
from store.audit import history
from store.cases import NewCase, claim_case, close_case, open_case
from store.db import session_scope
from store.evidence import attach_evidence
from store.models import Base, Case, Evidence, Message, OutboxMessage, Priority, Role, utcnow
from store.privacy import forget_user, purge_expired
from store.pseudonym import pseudonym
from store.workers import add_worker
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401


def streamer_case(sender: str) -> NewCase:
    """A streamer whose agency withholds pay, with a line that names her bank card."""
    return NewCase(
        sender_id=sender,
        channel="telegram",
        language="zh",
        reason="needs_pleadings",
        priority=Priority.HIGH,
        service_line="streamer",
        transcript=[(Role.USER, "公会三个月没发工资，工资卡6222020200001234562")],
    )


def count(session: Session, model: type[Base]) -> int:
    """Rows in the table of `model`."""
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_forgetting_a_person_erases_content_and_evidence_folders_but_keeps_a_record_of_the_case(
    store_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOTLINE_EVIDENCE_DIR", str(tmp_path))
    with session_scope(store_url) as session:
        worker = add_worker(session, "li")
        ref = open_case(session, streamer_case("telegram-77"))[0].ref
        folder = tmp_path / ref
        folder.mkdir()
        photo = folder / ("0" * 64)
        photo.write_bytes(b"jpeg")
        attach_evidence(session, ref, "contract.jpg", "image/jpeg", 4, "0" * 64, str(photo))
        claim_case(session, worker, ref)
        outbox.enqueue(session, "telegram", "telegram-77", "社工小李：你好")
        outbox.enqueue(session, "telegram", "4242", f"[{ref}] 用户：公会三个月没发工资")
        open_case(session, streamer_case("telegram-88"))
    with session_scope(store_url) as session:
        erased = forget_user(session, "telegram-77", actor="user")
    assert (erased.cases, erased.messages) == (1, 1)
    assert [(c.ref, c.priority) for c in erased.open_cases] == [(ref, "high")]
    assert not photo.exists() and not folder.exists()
    with session_scope(store_url) as session:
        record = session.get(Case, 1)
        assert record is not None and record.status == "erased" and record.erased_at is not None
        assert record.worker is not None and record.worker.handle == "li" and record.claimed_at is not None
        assert (record.sender_id, record.summary, record.facts, record.topic) == ("", "", {}, None)
        assert record.user_pseudonym == "erased" and record.reason == "erased"
        assert count(session, Message) == 1 and count(session, Evidence) == 0 and count(session, OutboxMessage) == 0
        erasure = [line for line in history(session) if line.action == "erased"]
        assert [line.case_ref for line in erasure] == [ref, None]
        assert all("telegram-77" not in line.detail for line in erasure)


def test_a_person_can_be_forgotten_by_pseudonym(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        open_case(session, streamer_case("telegram-77"))
    with session_scope(store_url) as session:
        assert forget_user(session, pseudonym("telegram-77"), actor="admin").cases == 1
        assert [c.status for c in session.scalars(select(Case))] == ["erased"]
        assert count(session, Message) == 0


def test_erasure_records_are_purged_with_the_retention_period(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        open_case(session, streamer_case("telegram-77"))
    with session_scope(store_url) as session:
        forget_user(session, "telegram-77", actor="user")
    with session_scope(store_url) as session:
        assert purge_expired(session, retention_days=180).cases == 0
        assert purge_expired(session, 180, now=utcnow() + dt.timedelta(days=181)).cases == 1
        assert count(session, Case) == 0


def test_retention_purge_erases_only_cases_closed_before_the_cutoff(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        worker = add_worker(session, "li")
        old_ref = open_case(session, streamer_case("telegram-old"))[0].ref
        recent_ref = open_case(session, streamer_case("telegram-recent"))[0].ref
        open_case(session, streamer_case("telegram-open"))
        for ref in (old_ref, recent_ref):
            claim_case(session, worker, ref)
            close_case(session, worker, ref, "advice given")
        session.get(Case, 1).closed_at = utcnow() - dt.timedelta(days=200)  # type: ignore[union-attr]
    with session_scope(store_url) as session:
        assert purge_expired(session, retention_days=180).cases == 1
        assert sorted(c.sender_id for c in session.scalars(select(Case))) == ["telegram-open", "telegram-recent"]
