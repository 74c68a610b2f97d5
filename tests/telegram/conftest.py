"""Fixtures: the Bot API stand-in (on a free port), the real bot, and the session's real Rasa stack.

The bot is the unmodified `Application` from bot/telegram/app.py, pointed at the stand-in through the
same setting as TELEGRAM_API_BASE_URL; Rasa and the action server come from the shared `stack` fixture
(tests/conftest.py), started by bot/stack.py as `make run` starts them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.conversation import Conversation, PendingMessages
from bot.flood import InMemoryFlood
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient
from bot.relay import CaseRelay
from bot.stack import Stack
from bot.telegram.app import build_application, build_services, serve
from bot.telegram.desk import CaseDesk
from bot.telegram.services import Services
from bot.telegram.settings import TelegramSettings
from bot.telegram.texts import text
from store.db import session_scope
from store.workers import add_worker, set_on_duty
from tests.botapi_standin.driver import Standin
from tests.ports import port_from_env

# Chosen once per test session: never the README's 5480, which a stand-in run by hand may hold.
STANDIN_PORT = port_from_env("HOTLINE_TEST_STANDIN_PORT")
WEBHOOK_PORT = port_from_env("HOTLINE_TEST_WEBHOOK_PORT")
WORKERS_CHAT = -1005550001
START_TIMEOUT = 900.0  # a cold Rasa on a busy 2-core machine


@pytest.fixture(scope="session", autouse=True)
def evidence_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Evidence files of these tests go to a temp folder, not var/."""
    folder = tmp_path_factory.mktemp("evidence")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOTLINE_EVIDENCE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def rasa_stack(stack: Stack) -> Stack:
    """The session's real Rasa + action servers (tests/conftest.py), shared with the other conversation tests.

    Its case store is DATABASE_URL, which the bot under test uses too. Its ports are free ones (tests/ports.py).
    """
    return stack


@pytest.fixture
def standin() -> Iterator[Standin]:
    """A fresh Bot API stand-in for each test."""
    server = Standin(STANDIN_PORT).start()
    yield server
    server.stop()


@dataclass
class RunningBot:
    """The bot as a test sees it: its services and the stand-in it talks to."""

    services: Services
    standin: Standin
    rasa: RasaClient


def register_worker(handle: str, telegram_user_id: int, on_duty: bool = True) -> None:
    """Register a social worker in the test store (as `./hotline workers add` would)."""
    with session_scope() as session:
        add_worker(session, handle, handle.title(), str(telegram_user_id))
    if on_duty:
        with session_scope() as session:
            set_on_duty(session, handle, True)


def new_user_id() -> int:
    """A Telegram user id no other test uses (trackers and cases are per sender id)."""
    return 100_000_000 + uuid.uuid4().int % 800_000_000


async def start_bot(
    standin: Standin,
    rasa_url: str,
    pending: PendingMessages | None = None,
    webhook_url: str | None = None,
) -> tuple[RunningBot, asyncio.Event, asyncio.Task[None]]:
    """Build and start the real Application against the stand-in."""
    settings = TelegramSettings(
        token="123456:TEST-TOKEN",
        api_base_url=standin.base_url,
        workers_chat_id=WORKERS_CHAT,
        webhook_url=webhook_url,
        webhook_port=WEBHOOK_PORT,
    )
    rasa = RasaClient(rasa_url, timeout=120)
    conversation = Conversation(rasa, pending or InMemoryPending(), CaseRelay(os.environ.get("DATABASE_URL")))
    services = build_services(settings, conversation, CaseDesk(os.environ.get("DATABASE_URL")))
    application = build_application(services)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(application, stop))
    await standin.wait_for(lambda: standin.calls("getMe") or task.done(), 60, "the bot to start")
    if task.done():
        task.result()
    return RunningBot(services, standin, rasa), stop, task


async def stop_bot(stop: asyncio.Event, task: asyncio.Task[None]) -> None:
    """Stop the bot and make sure it shut down cleanly (no exception, within the timeout)."""
    stop.set()
    await asyncio.wait_for(task, timeout=60)


@pytest.fixture
async def running_bot(rasa_stack: Stack, standin: Standin) -> AsyncIterator[RunningBot]:
    """The real bot, long polling the stand-in, with the real Rasa stack behind it.

    Flood control is relaxed: a scripted conversation types faster than a person (it is tested on its own).
    """
    bot, stop, task = await start_bot(standin, rasa_stack.config.rasa_url)
    bot.services.flood = InMemoryFlood(max_messages=1000, window_seconds=1)
    yield bot
    await stop_bot(stop, task)


PROBE = "/privacy"


async def turn(standin: Standin, person: int, message: str | None = None, timeout: float = 120.0) -> list[str]:
    """Send `message` (or nothing, after a button press) and return every reply to it.

    A /privacy probe follows the message: the bot handles one chat's updates strictly in order, so the
    replies to `message` are exactly the texts sent before the probe's answer.
    """
    before = len(standin.texts_to(person))
    if message is not None:
        standin.say(person, message)
    standin.say(person, PROBE)
    probe_answers = (text("privacy", "zh"), text("privacy", "en"))

    def replies() -> tuple[list[str]] | None:
        new = standin.texts_to(person)[before:]
        ends = [i for i, t in enumerate(new) if t in probe_answers]
        return (new[: ends[0]],) if ends else None

    (found,) = await standin.wait_for(replies, timeout, f"the replies to {message!r}")
    return found
