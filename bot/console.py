"""The terminal channel: the same message path as Telegram, with buttons shown as numbered choices."""

from __future__ import annotations

import asyncio
import sys
import threading
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
        reader = StdinReader()
        try:
            while True:
                line = await reader.next_line()
                if line is None or line.strip().lower() in QUIT_WORDS:
                    break
                message = resolve_choice(line, self.offered)
                self.show(await self.conversation.handle(CHANNEL, self.user_key, message))
        finally:
            poller.cancel()


class StdinReader:
    """Lines typed by the user, read on a daemon thread when asked for (None at end of input).

    A daemon thread, unlike asyncio's executor, does not keep the process alive while it waits in input(), so
    Ctrl-C lets the command stop the servers it started and exit at once. The prompt is shown only when the
    chat asks for the next line, so it follows the bot's replies instead of interleaving with them.
    """

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._wanted = threading.Event()
        threading.Thread(target=self._read, name="console-input", daemon=True).start()

    def _read(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            try:
                line: str | None = input("\n> ")
            except (EOFError, KeyboardInterrupt):
                line = None
            self._loop.call_soon_threadsafe(self._lines.put_nowait, line)
            if line is None:
                return

    async def next_line(self) -> str | None:
        """The next line the user types, or None when input ended."""
        self._wanted.set()
        return await self._lines.get()
