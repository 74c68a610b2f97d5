"""Social workers: registration, duty status and authentication (only registered workers act on cases)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.errors import NotAWorker
from store.models import Worker


@dataclass(frozen=True)
class WorkerRef:
    """How a channel names the worker acting: a handle (command line) or a Telegram chat id."""

    handle: str | None = None
    telegram_chat_id: str | None = None


def add_worker(
    session: Session, handle: str, display_name: str | None = None, telegram_chat_id: str | None = None
) -> Worker:
    """Register a worker (off duty until `set_on_duty`)."""
    worker = Worker(handle=handle, display_name=display_name or handle, telegram_chat_id=telegram_chat_id)
    session.add(worker)
    session.flush()
    audit.record(session, audit.SYSTEM, "worker_added", detail=handle)
    return worker


def authenticate(session: Session, handle: str | None = None, telegram_chat_id: str | None = None) -> Worker:
    """The registered worker with this handle or Telegram chat id; raises NotAWorker otherwise."""
    if handle:
        worker = session.scalar(select(Worker).where(Worker.handle == handle))
    elif telegram_chat_id:
        worker = session.scalar(select(Worker).where(Worker.telegram_chat_id == str(telegram_chat_id)))
    else:
        worker = None
    if worker is None:
        raise NotAWorker(f"{handle or telegram_chat_id or 'anonymous'} is not a registered social worker")
    return worker


def authenticate_ref(session: Session, who: WorkerRef) -> Worker:
    """`authenticate` for a WorkerRef."""
    return authenticate(session, handle=who.handle, telegram_chat_id=who.telegram_chat_id)


def set_on_duty(session: Session, handle: str, on_duty: bool) -> Worker:
    """Put a worker on or off duty (only on-duty workers are alerted)."""
    worker = authenticate(session, handle=handle)
    worker.on_duty = on_duty
    audit.record(session, handle, "duty_on" if on_duty else "duty_off")
    return worker


def list_workers(session: Session) -> list[Worker]:
    """Every registered worker, by handle."""
    return list(session.scalars(select(Worker).order_by(Worker.handle)))


def on_duty_workers(session: Session) -> list[Worker]:
    """Workers on duty now, by handle."""
    return list(session.scalars(select(Worker).where(Worker.on_duty.is_(True)).order_by(Worker.handle)))
