"""The terminal channel: the same message path as Telegram, with buttons shown as numbered choices."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.conversation import Conversation
from bot.replies import Button, Reply

CHANNEL = "console"
QUIT_WORDS = {"/quit", "/exit", "quit", "exit"}

OutboxFetcher = Callable[[], Awaitable[list[Reply]]]


def render(reply: Reply) -> str:
    """A reply as terminal text; buttons become a numbered list."""
    lines = [reply.text] if reply.text else []
    lines += [f"  {number}. {button.title}" for number, button in enumerate(reply.buttons, start=1)]
    return "\n".join(lines)


def resolve_choice(typed: str, offered: tuple[Button, ...]) -> str:
    """Turn a typed number into the payload of the button it names; anything else is sent as typed."""
    stripped = typed.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(offered):
        return offered[int(stripped) - 1].payload
    return typed


class ConsoleChat:
    """One person chatting in this terminal."""

    def __init__(
        self,
        conversation: Conversation,
        user_key: str,
        outbox: OutboxFetcher | None = None,
        out: TextIO = sys.stdout,
        poll_seconds: float = 2.0,
    ) -> None:
        self.conversation = conversation
        self.user_key = user_key
        self.outbox = outbox
        self.out = out
        self.poll_seconds = poll_seconds
        self.offered: tuple[Button, ...] = ()

    def show(self, replies: list[Reply], prefix: str = "热线 / hotline") -> None:
        """Print replies and remember the latest buttons for numbered choices."""
        for reply in replies:
            print(f"\n[{prefix}] {render(reply)}", file=self.out, flush=True)
            if reply.buttons:
                self.offered = reply.buttons

    async def _poll(self) -> None:
        # Worker replies and answers to messages kept while Rasa was down arrive outside the request.
        while True:
            await asyncio.sleep(self.poll_seconds)
            if self.outbox is not None:
                self.show(await self.outbox(), prefix="社工 / social worker")
            for delivery in await self.conversation.answer_pending():
                self.show(delivery.replies)

    async def run(self) -> None:
        """Read lines until end of input or /quit."""
        print("输入消息与热线对话；输入数字选择按钮；/quit 退出。 Type to chat; numbers pick a button; /quit to leave.",
              file=self.out, flush=True)  # fmt: skip
        poller = asyncio.create_task(self._poll())
        try:
            while True:
                try:
                    line = await asyncio.to_thread(input, "\n> ")
                except EOFError:
                    break
                if line.strip().lower() in QUIT_WORDS:
                    break
                message = resolve_choice(line, self.offered)
                self.show(await self.conversation.handle(CHANNEL, self.user_key, message))
        finally:
            poller.cancel()
