"""Fixtures: the HTTP channel process in front of the session's Rasa stack (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.stack import Stack, StackConfig
from tests.web import WebUser, http_channel


@pytest.fixture(scope="session")
def web_channel(stack: Stack, stack_config: StackConfig) -> Iterator[Stack]:
    """`./hotline http` on a free port, sharing the test stack's Rasa and case store."""
    with http_channel(stack_config) as channel:
        yield channel


@pytest.fixture()
def person(web_channel: Stack) -> WebUser:
    """A new person on the web chat."""
    return WebUser(web_channel.config.http_url)
