"""Shared fixtures. `stack` is a real running hotline for conversation tests.

It runs the trained model, the Rasa server and the action server.

The stack starts once per test session on free ports (or HOTLINE_TEST_RASA_PORT / HOTLINE_TEST_ACTION_PORT
when set), so tests run beside a live hotline or another test run, with its own case store and tracker database
under a temp folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bot.conversation import Conversation
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient
from bot.stack import ROOT, Stack, StackConfig
from tests.ports import port_from_env
from tests.support import Chat


@pytest.fixture(scope="session")
def stack_config(tmp_path_factory: pytest.TempPathFactory) -> StackConfig:
    """Ports and stores of the test stack."""
    if not (ROOT / "models" / "current.tar.gz").exists():
        pytest.fail("No trained model: run `make train` (make test does it for you).")
    state = tmp_path_factory.mktemp("stack")
    return StackConfig(
        rasa_port=port_from_env("HOTLINE_TEST_RASA_PORT"),
        action_port=port_from_env("HOTLINE_TEST_ACTION_PORT"),
        database_url=f"sqlite:///{state / 'cases.db'}",
        profile="default",
        tracker_db_file=state / "tracker.db",
        state_dir=state / "run",
    )


@pytest.fixture(scope="session")
def stack(stack_config: StackConfig) -> Iterator[Stack]:
    """The running servers (started once, stopped at the end of the session)."""
    running = Stack(stack_config)
    # The relay in this process shares the case store and the tracker store with the servers.
    os.environ["DATABASE_URL"] = stack_config.database_url
    os.environ["TRACKER_DB_FILE"] = str(stack_config.tracker_db_file)
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
    """The same message path the channels use, with the case-store relay."""
    from bot.wiring import build_relay

    return Conversation(rasa, InMemoryPending(), build_relay(rasa))


@pytest.fixture()
def chat(conversation: Conversation) -> Chat:
    """A fresh user (new sender id) for each test."""
    return Chat(conversation)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests listed in tests/fixtures/known_gaps.yml as known gaps (xfail, not strict)."""
    import yaml

    gaps = yaml.safe_load((ROOT / "tests" / "fixtures" / "known_gaps.yml").read_text(encoding="utf-8"))
    listed = set(gaps["tests"])
    for item in items:
        if item.nodeid in listed:
            item.add_marker(pytest.mark.xfail(reason=gaps["reason"], strict=False))
