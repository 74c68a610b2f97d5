"""A real running hotline for conversation tests: the trained model, Rasa server and action server.

The stack starts once per test session on its own ports (HOTLINE_TEST_RASA_PORT / HOTLINE_TEST_ACTION_PORT,
so tests can run beside a live hotline) with its own case store and tracker database under a temp folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.conversation import Conversation
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient
from bot.replies import Reply
from bot.stack import ROOT, Stack, StackConfig


@pytest.fixture(scope="session")
def stack_config(tmp_path_factory: pytest.TempPathFactory) -> StackConfig:
    """Ports and stores of the test stack."""
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("No trained model: run `make train` (make test does it for you).")
    state = tmp_path_factory.mktemp("stack")
    return StackConfig(
        rasa_port=int(os.environ.get("HOTLINE_TEST_RASA_PORT", "5905")),
        action_port=int(os.environ.get("HOTLINE_TEST_ACTION_PORT", "5955")),
        database_url=f"sqlite:///{state / 'cases.db'}",
        profile="default",
        tracker_db_file=state / "tracker.db",
        state_dir=state / "run",
    )


@pytest.fixture(scope="session")
def stack(stack_config: StackConfig) -> Iterator[Stack]:
    """The running servers (started once, stopped at the end of the session)."""
    running = Stack(stack_config)
    os.environ["DATABASE_URL"] = stack_config.database_url  # the relay in this process shares the case store
    try:
        running.start(timeout=300)
    except (RuntimeError, TimeoutError) as error:
        running.stop()
        pytest.fail(f"The hotline did not start: {error}\n{running.log_tail('rasa')}\n{running.log_tail('actions')}")
    yield running
    running.stop()


@pytest.fixture()
def rasa(stack: Stack) -> RasaClient:
    """A client for the test stack's Rasa server."""
    return RasaClient(stack.config.rasa_url)


@pytest.fixture()
def conversation(rasa: RasaClient) -> Conversation:
    """The same message path the channels use, with the case-store relay when it exists."""
    from bot.wiring import build_relay

    return Conversation(rasa, InMemoryPending(), build_relay())


class Chat:
    """One user talking to the hotline; `say` returns what the user would read."""

    def __init__(self, conversation: Conversation, channel: str = "test") -> None:
        self.conversation = conversation
        self.channel = channel
        self.user_key = uuid.uuid4().hex[:12]
        self.last: list[Reply] = []

    @property
    def sender_id(self) -> str:
        """The id Rasa and the case store know this user by."""
        return f"{self.channel}-{self.user_key}"

    async def say(self, text: str) -> str:
        """Send `text` and return all reply texts joined (buttons as "[title]")."""
        self.last = await self.conversation.handle(self.channel, self.user_key, text)
        return render_replies(self.last)


def render_replies(replies: list[Reply]) -> str:
    """Replies as one string, the way tests assert on what the user sees."""
    parts: list[str] = []
    for reply in replies:
        parts.append(reply.text)
        parts += [f"[{button.title}]" for button in reply.buttons]
    return "\n".join(parts)


@pytest.fixture()
def chat(conversation: Conversation) -> Chat:
    """A fresh user (new sender id) for each test."""
    return Chat(conversation)


__all__ = ["Chat", "Path", "render_replies"]
