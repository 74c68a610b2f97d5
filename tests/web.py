"""A person on the hotline's HTTP channel (POST /api/chat), and the channel process the tests talk to.

The channel runs as its own process, started by bot/stack.py exactly as `make serve` starts it, in front of
a Rasa stack; tests see only what a web front end would see: status codes and reply texts with buttons.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from bot.stack import Stack, StackConfig
from tests.ports import free_port

TIMEOUT = 180.0  # generous: a busy 2-core machine may run several test sessions at once


@contextmanager
def http_channel(stack_config: StackConfig, **changes: Any) -> Iterator[Stack]:
    """Start the HTTP channel process on a free port in front of the stack described by `stack_config`."""
    config = dataclasses.replace(stack_config, http_port=free_port(), **changes)
    channel = Stack(config)
    channel.start_process("http")
    try:
        channel.wait_ready(timeout=120)
        yield channel
    finally:
        channel.stop_process("http")


@dataclasses.dataclass
class Answer:
    """One HTTP answer as the front end sees it."""

    status: int
    replies: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """Every reply text, joined, with buttons as "[title]" (what the person reads)."""
        parts: list[str] = []
        for reply in self.replies:
            parts.append(reply["text"])
            parts += [f"[{button['title']}]" for button in reply["buttons"]]
        return "\n".join(parts)

    def payload_of(self, title_part: str) -> str:
        """The payload of the shown button whose title contains `title_part`."""
        for reply in self.replies:
            for button in reply["buttons"]:
                if title_part in button["title"]:
                    return str(button["payload"])
        raise AssertionError(f"no button {title_part!r} in {self.text}")


class WebUser:
    """One person chatting through the HTTP channel at `base_url`."""

    def __init__(self, base_url: str, user: str | None = None) -> None:
        self.base_url = base_url
        self.user = user or f"web-{uuid.uuid4().hex[:12]}"
        self.last = Answer(0, [])

    @property
    def sender_id(self) -> str:
        """The id Rasa and the case store know this person by."""
        return f"http-{self.user}"

    async def post(self, body: bytes | dict[str, Any]) -> Answer:
        """POST a raw body (or a JSON document) to /api/chat."""
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.post(f"{self.base_url}/api/chat", content=data)
        self.last = Answer(response.status_code, response.json()["replies"] if response.content else [])
        return self.last

    async def say(self, text: str) -> Answer:
        """Type `text`."""
        return await self.post({"user": self.user, "text": text})

    async def press(self, title_part: str) -> Answer:
        """Tap the button of the last answer whose title contains `title_part`."""
        return await self.post({"user": self.user, "payload": self.last.payload_of(title_part)})

    async def inbox(self) -> Answer:
        """GET /api/messages: what arrived without a request (a social worker's replies, late answers)."""
        async with httpx.AsyncClient(timeout=TIMEOUT) as client:
            response = await client.get(f"{self.base_url}/api/messages", params={"user": self.user})
        return Answer(response.status_code, response.json()["replies"])


@pytest.fixture(scope="session")
def web_channel(stack: Stack, stack_config: StackConfig) -> Iterator[Stack]:
    """`./hotline http` on a free port, sharing the test stack's Rasa and case store (tests/conftest.py)."""
    with http_channel(stack_config) as channel:
        yield channel


@pytest.fixture()
def person(web_channel: Stack) -> WebUser:
    """A new person on the web chat."""
    return WebUser(web_channel.config.http_url)
