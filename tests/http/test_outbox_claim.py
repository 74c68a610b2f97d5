"""The outbox delivered by several channel processes at once: every queued message goes out exactly once.

Runs against the real PostgreSQL (a schema of its own, dropped afterwards), where `FOR UPDATE SKIP LOCKED`
hands each row to one taker, and against a SQLite file, where the conditional update decides.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from store import outbox
from store.db import session_scope
from tests.store_support import postgres_url, sqlite_url  # noqa: F401  # fixtures

TAKERS = 6
MESSAGES = 300


def _queue(url: str, recipients: list[str]) -> set[int]:
    with session_scope(url) as session:
        return {
            outbox.enqueue(session, "http", recipients[i % len(recipients)], f"message {i}").id for i in range(MESSAGES)
        }


def _take_until_empty(url: str, recipient: str | None) -> list[int]:
    taken: list[int] = []
    while True:
        with session_scope(url) as session:
            rows = outbox.claim_undelivered(session, "http", recipient=recipient, limit=7)
            if not rows:
                return taken
            taken += [row.id for row in rows]


def _every_message_taken_once(url: str, per_recipient: bool) -> None:
    recipients = ["http-ana", "http-bo", "http-chen"]
    queued = _queue(url, recipients)
    with ThreadPoolExecutor(TAKERS) as pool:
        wanted = [recipients[i % len(recipients)] if per_recipient else None for i in range(TAKERS)]
        results = list(pool.map(lambda recipient: _take_until_empty(url, recipient), wanted))
    taken = [message_id for result in results for message_id in result]
    assert len(taken) == len(set(taken)), "a message was delivered twice"
    assert set(taken) == queued, "a message was never delivered"


@pytest.mark.postgres
def test_six_takers_on_postgresql_deliver_every_message_exactly_once(postgres_url: str) -> None:  # noqa: F811
    _every_message_taken_once(postgres_url, per_recipient=False)


@pytest.mark.postgres
def test_takers_for_the_same_people_on_postgresql_never_share_a_message(postgres_url: str) -> None:  # noqa: F811
    _every_message_taken_once(postgres_url, per_recipient=True)


def test_six_takers_on_sqlite_deliver_every_message_exactly_once(sqlite_url: str) -> None:  # noqa: F811
    _every_message_taken_once(sqlite_url, per_recipient=False)


def test_a_taken_message_is_not_offered_again(sqlite_url: str) -> None:  # noqa: F811
    url = sqlite_url
    _queue(url, ["http-ana"])
    with session_scope(url) as session:
        first = outbox.claim_undelivered(session, "http", recipient="http-ana", limit=MESSAGES)
    with session_scope(url) as session:
        assert outbox.claim_undelivered(session, "http", recipient="http-ana") == []
        assert outbox.fetch_undelivered(session, "http") == []
    assert [row.text for row in first] == [f"message {i}" for i in range(MESSAGES)]
