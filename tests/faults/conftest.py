"""A production-profile hotline of its own for fault tests: PostgreSQL trackers and case store, Redis lock store,
kept messages and button memory, and the HTTP channel, each server on a free port so a test may kill it.

PostgreSQL and Redis are throwaway servers (tests/faults/servers.py), so restarting them harms nobody.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from bot.stack import Stack, StackConfig
from kb.render import ui_text
from store.db import session_scope
from store.workers import add_worker, set_on_duty
from tests.faults.servers import ThrowawayPostgres, ThrowawayRedis
from tests.ports import free_port
from tests.web import Answer, WebUser

START_TIMEOUT = 900.0  # a cold Rasa on a busy 2-core machine
KEPT = ui_text("service_unavailable", "zh")  # "kept, you will be answered": Rasa did not answer in time


@pytest.fixture(scope="module")
def postgres() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL cluster only these tests use."""
    server = ThrowawayPostgres().start()
    yield server
    server.remove()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[ThrowawayRedis]:
    """A Redis only these tests use."""
    server = ThrowawayRedis().start()
    yield server
    server.kill()


@pytest.fixture(scope="module")
def prod(
    postgres: ThrowawayPostgres, redis_server: ThrowawayRedis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Rasa, actions and the HTTP channel in the production profile, as `make serve-prod` runs one instance."""
    state = tmp_path_factory.mktemp("prod")
    config = StackConfig(
        rasa_port=free_port(),
        action_port=free_port(),
        http_port=free_port(),
        profile="production",
        database_url=postgres.url,
        tracker_database_url=postgres.url,
        redis_url=redis_server.url,
        state_dir=state / "run",
        extra_env={"REDIS_URL": redis_server.url},
    )
    stack = Stack(config)
    try:
        stack.start(timeout=START_TIMEOUT)
    except (RuntimeError, TimeoutError) as error:
        stack.stop()
        pytest.fail(f"the production stack did not start: {error}\n{stack.log_tail('rasa')}\n{stack.log_tail('http')}")
    yield stack
    stack.stop()


@pytest.fixture()
def person(prod: Stack) -> WebUser:
    """A new person on the production stack's web chat."""
    return WebUser(prod.config.http_url)


@pytest.fixture()
def web_worker(prod: Stack) -> Iterator[str]:
    """An on-duty social worker in the production case store, so handoffs wait for someone."""
    handle = f"zhao-{uuid.uuid4().hex[:8]}"
    with session_scope(prod.config.database_url) as session:
        add_worker(session, handle, "小赵", telegram_chat_id=f"chat-{handle}").on_duty = True
    yield handle
    with session_scope(prod.config.database_url) as session:
        set_on_duty(session, handle, False)


def kill(stack: Stack, name: str) -> None:
    """SIGKILL one server's process group, as a crash would (no clean shutdown)."""
    pid = stack.running()[name]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while name in stack.running() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    stack.config.pid_file(name).unlink(missing_ok=True)


def restart(stack: Stack, name: str) -> None:
    """Start a stopped server again and wait until the whole stack answers."""
    stack.start_process(name)
    stack.wait_ready(START_TIMEOUT)


async def wait_for_inbox(person: WebUser, done: Callable[[Answer], bool], timeout: float = 600.0) -> list[Answer]:
    """Poll GET /api/messages (as a web page would) until `done` holds for everything received."""
    received: list[Answer] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = await person.inbox()
        if answer.replies:
            received.append(answer)
            if done(Answer(200, [reply for got in received for reply in got.replies])):
                return received
        await asyncio.sleep(1)
    raise AssertionError(f"only received {[a.text for a in received]} within {timeout:.0f} s")


def answered(answer: Answer) -> bool:
    """Rasa's answer arrived (not only the note that the message was kept for later)."""
    return bool(answer.replies) and answer.text != KEPT


async def hear(person: WebUser, text: str, done: Callable[[Answer], bool] = answered) -> Answer:
    """Say `text` and return the answer once `done` holds for it: at once, or, when the message was kept (a turn
    slower than the channel waits for Rasa on a busy machine), as delivered later through GET /api/messages."""
    answer = await person.say(text)
    if done(answer) or answer.text != KEPT:
        return answer
    late = await wait_for_inbox(person, done)
    return Answer(200, [reply for got in late for reply in got.replies])
