"""The outbox: messages that answer no user request (worker replies, alerts, rating requests).

Producers enqueue in the same transaction as the change they announce; each channel polls its rows and marks
them delivered, so a message is never lost when a channel process restarts. `claim_undelivered` lets any number of
channel processes poll at once: PostgreSQL hands each row to one of them (`FOR UPDATE SKIP LOCKED`), and the
conditional update confirms the win on every engine, so no row is delivered twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.models import OutboxMessage, utcnow


def enqueue(
    session: Session, channel: str, recipient: str, text: str, buttons: Sequence[Mapping[str, str]] = ()
) -> OutboxMessage:
    """Queue one message for `recipient` (a Rasa sender id or a worker chat id) on `channel`."""
    row = OutboxMessage(
        channel=channel,
        recipient=recipient,
        text=text,
        buttons_json=json.dumps([{"title": b["title"], "payload": b["payload"]} for b in buttons], ensure_ascii=False),
    )
    session.add(row)
    session.flush()
    return row


def fetch_undelivered(
    session: Session, channel: str, recipient: str | None = None, limit: int = 100
) -> list[OutboxMessage]:
    """The oldest undelivered messages for `channel` (only those for `recipient` when given)."""
    query = select(OutboxMessage).where(OutboxMessage.channel == channel, OutboxMessage.delivered_at.is_(None))
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(session.scalars(query.order_by(OutboxMessage.id).limit(limit)))


def mark_delivered(session: Session, ids: Iterable[int]) -> int:
    """Mark messages delivered; returns how many were still undelivered."""
    wanted = list(ids)
    if not wanted:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(wanted), OutboxMessage.delivered_at.is_(None))
        .values(delivered_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def claim_undelivered(
    session: Session, channel: str, recipient: str | None = None, limit: int = 100
) -> list[OutboxMessage]:
    """Take the oldest undelivered messages for `channel` (and `recipient`) and mark them delivered at once.

    For callers that deliver within the same request (an HTTP answer): rows another process holds are skipped,
    and only rows this call really marked are returned. Senders that may fail mid-delivery use
    `fetch_undelivered` + `mark_delivered` after sending instead.
    """
    query = select(OutboxMessage.id).where(OutboxMessage.channel == channel, OutboxMessage.delivered_at.is_(None))
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    candidates = list(session.scalars(query.order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True)))
    if not candidates:
        return []
    won = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates), OutboxMessage.delivered_at.is_(None))
        .values(delivered_at=utcnow())
        .returning(OutboxMessage.id)
    )
    ids = sorted(won)
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id))
    return list(rows)


def lock_heads(session: Session, channel: str, limit: int = 100) -> list[OutboxMessage]:
    """The oldest undelivered message of each recipient on `channel`, row-locked until the transaction ends.

    For senders that mark a row only after sending it (Telegram, where a send may fail): the lock keeps every other
    process off the row while it is sent (`SKIP LOCKED`: they serve other recipients meanwhile), and taking only
    each recipient's oldest row keeps one person's messages in order however many processes send. PostgreSQL only
    (SQLite has no row locks; there the single bot process uses `fetch_undelivered`).
    """
    undelivered = (OutboxMessage.channel == channel, OutboxMessage.delivered_at.is_(None))
    heads = select(func.min(OutboxMessage.id)).where(*undelivered).group_by(OutboxMessage.recipient)
    # The outer condition is re-checked on a row another process just marked, so a delivered row is never taken.
    query = select(OutboxMessage).where(OutboxMessage.id.in_(heads), *undelivered).order_by(OutboxMessage.id)
    return list(session.scalars(query.limit(limit).with_for_update(skip_locked=True)))


def buttons_of(message: OutboxMessage) -> list[dict[str, str]]:
    """The buttons of a queued message as [{"title", "payload"}]."""
    buttons: list[dict[str, str]] = json.loads(message.buttons_json or "[]")
    return buttons
