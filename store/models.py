"""Tables of the case store. Times are naive UTC (`utcnow`) so SQLite and PostgreSQL compare alike."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

REF_PREFIX = "HL-"


def utcnow() -> dt.datetime:
    """The current time as naive UTC."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def iso_utc(moment: dt.datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 with its zone, e.g. 2026-12-01T22:40:00+00:00."""
    return moment.replace(tzinfo=dt.UTC).isoformat(timespec="seconds") if moment else None


class Priority(enum.StrEnum):
    """How fast a human must answer; `urgent` is re-alerted until claimed."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """0 for urgent, 1 for high, 2 for normal: a lower rank is more urgent."""
        return list(Priority).index(self)


class Status(enum.StrEnum):
    """Where a case stands: waiting for a worker, held by one, or finished."""

    WAITING = "waiting"
    CLAIMED = "claimed"
    CLOSED = "closed"
    ERASED = "erased"  # erased at the person's request: reference, times and worker stay, no content


class RiskLevel(enum.StrEnum):
    """How much risk the person's own words show (the graded assessment, nlu/risk.py)."""

    NONE = "none"
    CONCERN = "concern"
    HIGH = "high"
    IMMINENT = "imminent"


class WorkerRole(enum.StrEnum):
    """A lead may read and transfer cases other workers hold (knowledge/handoff.yml → access)."""

    WORKER = "worker"
    LEAD = "lead"


class Role(enum.StrEnum):
    """Who wrote a transcript line."""

    USER = "user"
    BOT = "bot"
    WORKER = "worker"


class Base(DeclarativeBase):
    """Declarative base of every store table."""


class Worker(Base):
    """A registered social worker; only workers may read or act on cases."""

    __tablename__ = "workers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    telegram_chat_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    role: Mapped[str] = mapped_column(String(16), default=WorkerRole.WORKER.value, server_default="worker")
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # kept, not deleted: cases still name them


class Case(Base):
    """One person's request for a human; `ref` (HL-000123) is derived from the never-reused id."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_sender_status", "sender_id", "status"),
        Index("ix_cases_status_priority", "status", "priority"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(255))
    user_pseudonym: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    service_line: Mapped[str | None] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=Status.WAITING.value)
    summary: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_alerted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("workers.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    risk_level: Mapped[str] = mapped_column(String(16), default=RiskLevel.NONE.value, server_default="none")
    risk_words: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    worker: Mapped[Worker | None] = relationship(lazy="joined")
    messages: Mapped[list[Message]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Message.id", passive_deletes=True
    )

    @property
    def ref(self) -> str:
        """The public reference the person and the worker quote, e.g. HL-000123."""
        return f"{REF_PREFIX}{self.id:06d}"


class Message(Base):
    """One transcript line, stored masked."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("workers.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="messages")


class Evidence(Base):
    """Metadata of a file a person sent as evidence (the file itself lives at `stored_path`)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CallbackConsent(Base):
    """The person agreed to a phone call: the number (in clear, only for the holding worker) and when."""

    __tablename__ = "callback_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    consented_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    """Who did what and when. Holds a case ref, never personal data, so it survives erasure."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    case_ref: Mapped[str | None] = mapped_column(String(16), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class OutboxMessage(Base):
    """A message no user request is waiting for (worker replies, alerts, rating requests); channels poll it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_undelivered", "channel", "delivered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    buttons_json: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
