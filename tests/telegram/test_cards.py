"""Case cards in the workers' group with several bot processes: each case announced once, its cards retired once.

The Redis book is shared by two clients (two bot processes); the in-memory book must behave the same for one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.telegram.cards import CardBook, InMemoryCards, RedisCards

REDIS_URL = "redis://127.0.0.1:6379/0"
URGENT_AGAIN_AFTER = 300.0


@pytest.fixture
def shared_prefix() -> Iterator[str]:
    prefix = f"test:tgcards:{uuid.uuid4().hex}"
    yield prefix
    cleaner = RedisCards(REDIS_URL, prefix)
    keys = list(cleaner.redis.scan_iter(f"{prefix}*"))
    if keys:
        cleaner.redis.delete(*keys)


@pytest.mark.redis
def test_two_processes_reserving_a_new_case_at_once_announce_it_once(shared_prefix: str) -> None:
    books = [RedisCards(REDIS_URL, shared_prefix) for _ in range(8)]
    with ThreadPoolExecutor(len(books)) as pool:
        won = list(pool.map(lambda book: book.reserve("HL-000001", 1000.0, None), books))
    assert sum(record is not None for record in won) == 1


@pytest.mark.redis
def test_a_card_posted_by_one_process_is_retired_by_another_exactly_once(shared_prefix: str) -> None:
    poster, other = RedisCards(REDIS_URL, shared_prefix), RedisCards(REDIS_URL, shared_prefix)
    assert poster.reserve("HL-000002", 1000.0, None) is not None
    poster.add("HL-000002", 77)
    assert other.refs() == ["HL-000002"]
    assert other.take("HL-000002") == [77]
    assert poster.take("HL-000002") == [], "the button is dropped by one process only"
    assert poster.refs() == []


def _books(request: pytest.FixtureRequest) -> CardBook:
    if request.param == "memory":
        return InMemoryCards()
    prefix: str = request.getfixturevalue("shared_prefix")
    return RedisCards(REDIS_URL, prefix)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def book(request: pytest.FixtureRequest) -> CardBook:
    return _books(request)


def test_an_urgent_case_is_announced_again_only_after_the_interval(book: CardBook) -> None:
    first = book.reserve("HL-000003", 1000.0, URGENT_AGAIN_AFTER)
    assert first is not None and first.message_ids == [] and first.announced_at == 0
    book.add("HL-000003", 11)
    assert book.reserve("HL-000003", 1100.0, URGENT_AGAIN_AFTER) is None
    reminder = book.reserve("HL-000003", 1300.0, URGENT_AGAIN_AFTER)
    assert reminder is not None and reminder.message_ids == [11] and reminder.announced_at == 1000.0
    book.add("HL-000003", 12)
    assert book.reserve("HL-000003", 9999.0, None) is None, "a case that is not urgent is announced once"
    assert book.take("HL-000003") == [11, 12]


def test_a_card_that_could_not_be_posted_is_tried_again(book: CardBook) -> None:
    earlier = book.reserve("HL-000004", 1000.0, None)
    assert earlier is not None
    book.release("HL-000004", earlier)
    assert book.reserve("HL-000004", 1001.0, None) is not None
