"""Social workers: registration, duty status and authentication (only registered workers act on cases)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.errors import NotAWorker, StoreError
from store.models import Case, Status, Worker, WorkerRole, utcnow

NO_WORKER_GIVEN = (
    "no worker given: add --worker YOUR_HANDLE or set HOTLINE_WORKER=YOUR_HANDLE "
    "(register with ./hotline workers add YOUR_HANDLE)"
)


@dataclass(frozen=True)
class WorkerRef:
    """How a channel names the worker acting: a handle (command line) or a Telegram chat id."""

    handle: str | None = None
    telegram_chat_id: str | None = None


def add_worker(
    session: Session,
    handle: str,
    display_name: str | None = None,
    telegram_chat_id: str | None = None,
    role: WorkerRole = WorkerRole.WORKER,
) -> Worker:
    """Register a worker (off duty until `set_on_duty`); a removed worker's handle is registered again."""
    worker = session.scalar(select(Worker).where(Worker.handle == handle, Worker.removed_at.is_not(None)))
    if worker is None:
        worker = Worker(handle=handle)
        session.add(worker)
    worker.display_name = display_name or handle
    worker.telegram_chat_id = telegram_chat_id
    worker.role = role.value
    worker.removed_at = None
    session.flush()
    audit.record(session, audit.SYSTEM, "worker_added", detail=f"{handle} {role.value}")
    return worker


class WorkerHoldsCases(StoreError):
    """A worker still holding open cases cannot be removed until they are transferred."""


def remove_worker(session: Session, handle: str) -> Worker:
    """Take a worker off the service: off duty, no chat id, no sign-in; cases they held keep their name.

    Refused while they hold open cases, so no person is left with nobody (transfer those first).
    """
    worker = authenticate(session, handle=handle)
    held = list(session.scalars(select(Case).where(Case.worker_id == worker.id, Case.status == Status.CLAIMED.value)))
    if held:
        refs = ", ".join(case.ref for case in held)
        raise WorkerHoldsCases(
            f"{handle} still holds {refs}: transfer them first (./hotline cases transfer REF --to HANDLE)"
        )
    worker.on_duty = False
    worker.telegram_chat_id = None
    worker.removed_at = utcnow()
    audit.record(session, audit.SYSTEM, "worker_removed", detail=handle)
    return worker


def authenticate(session: Session, handle: str | None = None, telegram_chat_id: str | None = None) -> Worker:
    """The registered worker with this handle or Telegram chat id; raises NotAWorker otherwise."""
    if not handle and not telegram_chat_id:
        raise NotAWorker(NO_WORKER_GIVEN)
    if handle:
        query = select(Worker).where(Worker.handle == handle)
    else:
        query = select(Worker).where(Worker.telegram_chat_id == str(telegram_chat_id))
    worker = session.scalar(query.where(Worker.removed_at.is_(None)))
    if worker is None:
        raise NotAWorker(f"{handle or telegram_chat_id} is not a registered social worker")
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
    """Every registered (not removed) worker, by handle."""
    return list(session.scalars(select(Worker).where(Worker.removed_at.is_(None)).order_by(Worker.handle)))


def on_duty_workers(session: Session) -> list[Worker]:
    """Workers on duty now, by handle."""
    query = select(Worker).where(Worker.on_duty.is_(True), Worker.removed_at.is_(None))
    return list(session.scalars(query.order_by(Worker.handle)))
