"""`./hotline chat`: talk to the running hotline in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass

from bot.alerts import run_realert_loop
from bot.console import ConsoleChat
from bot.logs import configure_logging
from bot.wiring import build_conversation, outbox_fetcher


def main(argv: list[str]) -> int:
    """Chat in the terminal with the servers started by `./hotline serve`."""
    parser = argparse.ArgumentParser(prog="./hotline chat")
    parser.add_argument("--user", default=getpass.getuser(), help="who you are in this chat (default: login name)")
    args = parser.parse_args(argv)
    configure_logging()
    conversation = build_conversation()
    chat = ConsoleChat(conversation, args.user, outbox=outbox_fetcher("console", args.user))
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_chat_with_alerts(chat))
    return 0


async def _chat_with_alerts(chat: ConsoleChat) -> None:
    # Urgent cases must be re-announced to on-duty workers for as long as any channel process runs.
    stop = asyncio.Event()
    alerts = asyncio.create_task(run_realert_loop(stop))
    try:
        await chat.run()
    finally:
        stop.set()
        await alerts
