"""Button memory shared by HTTP workers through Redis: a button shown by one worker can be pressed at another,
a newer set of buttons replaces the older one, and nothing else is accepted."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bot.replies import Button, Reply
from bot.shown_buttons import InMemoryShownButtons, RedisShownButtons, offered_payloads

pytestmark = pytest.mark.redis
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture()
async def two_workers() -> AsyncIterator[tuple[RedisShownButtons, RedisShownButtons]]:
    """Two workers' views of the same Redis, under a prefix only this test uses."""
    prefix = f"hotline:test:buttons:{uuid.uuid4().hex[:8]}"
    first, second = RedisShownButtons.from_url(REDIS, 60, prefix), RedisShownButtons.from_url(REDIS, 60, prefix)
    yield first, second
    await first.forget("http-ana")
    await first.close()
    await second.close()


MENU = [Reply("请选一项", (Button("消费者", '/choose_service_line{"service_line":"consumer"}'), Button("商家", "/m")))]


async def test_a_button_shown_by_one_worker_is_accepted_by_another(
    two_workers: tuple[RedisShownButtons, RedisShownButtons],
) -> None:
    first, second = two_workers
    await first.remember("http-ana", offered_payloads(MENU))
    assert await second.offered("http-ana") == {'/choose_service_line{"service_line":"consumer"}', "/m"}
    assert await second.offered("http-bo") == set()


async def test_new_buttons_replace_the_old_ones(two_workers: tuple[RedisShownButtons, RedisShownButtons]) -> None:
    first, second = two_workers
    await first.remember("http-ana", offered_payloads(MENU))
    await second.remember("http-ana", ["/skip"])
    assert await first.offered("http-ana") == {"/skip"}


async def test_in_memory_memory_forgets_the_oldest_people_first() -> None:
    shown = InMemoryShownButtons(capacity=2)
    for person in ("a", "b", "c"):
        await shown.remember(person, [f"/{person}"])
    assert (await shown.offered("a"), await shown.offered("c")) == (set(), {"/c"})
