"""Several Telegram bot processes deliver the outbox at once: each message is sent once, in order per person.

Runs on the real PostgreSQL (a schema of its own), where a batch's rows stay locked while they are sent.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.desk import CaseDesk, OutboxItem
from store import outbox
from store.db import session_scope
from tests.store_support import postgres_url  # noqa: F401  # fixture

pytestmark = pytest.mark.postgres
PROCESSES = 3
PEOPLE = ["telegram-101", "telegram-102", "telegram-103", "telegram-104"]
PER_PERSON = 12


def _queue(url: str) -> None:
    with session_scope(url) as session:
        for number in range(PER_PERSON):
            for person in PEOPLE:
                outbox.enqueue(session, "telegram", person, f"{person} #{number}")


async def _process(desk: CaseDesk, sent: list[tuple[int, str]], fail_first: set[int]) -> None:
    async def send(item: OutboxItem) -> bool:
        await asyncio.sleep(0.005)  # a network round trip, so the processes overlap
        if item.id in fail_first:  # Telegram refused once: the row must come back, not be lost
            fail_first.discard(item.id)
            return False
        sent.append((item.chat_id or 0, item.text))
        return True

    while await desk.deliver(send, limit=3, rounds=2) or fail_first:
        pass


async def test_several_bot_processes_send_every_message_once_and_in_order(postgres_url: str) -> None:  # noqa: F811
    _queue(postgres_url)
    desks = [CaseDesk(postgres_url) for _ in range(PROCESSES)]
    desks[0].prepare()
    with session_scope(postgres_url) as session:
        failing = {row.id for row in outbox.fetch_undelivered(session, "telegram", limit=5)}
    sent: list[tuple[int, str]] = []
    await asyncio.gather(*(_process(desk, sent, failing) for desk in desks))
    texts = [text for _, text in sent]
    assert len(texts) == len(set(texts)), "a message was sent twice"
    assert len(texts) == len(PEOPLE) * PER_PERSON, "a message was never sent"
    for person in PEOPLE:
        chat = int(person.removeprefix("telegram-"))
        assert [text for to, text in sent if to == chat] == [f"{person} #{n}" for n in range(PER_PERSON)]
    with session_scope(postgres_url) as session:
        assert outbox.fetch_undelivered(session, "telegram") == []
