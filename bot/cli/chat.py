"""`./hotline chat`: talk to the running hotline in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import getpass

from bot.console import ConsoleChat
from bot.wiring import build_conversation, outbox_fetcher


def main(argv: list[str]) -> int:
    """Chat in the terminal with the servers started by `./hotline serve`."""
    parser = argparse.ArgumentParser(prog="./hotline chat")
    parser.add_argument("--user", default=getpass.getuser(), help="who you are in this chat (default: login name)")
    args = parser.parse_args(argv)
    conversation = build_conversation()
    chat = ConsoleChat(conversation, args.user, outbox=outbox_fetcher("console", args.user))
    try:
        asyncio.run(chat.run())
    except KeyboardInterrupt:
        pass
    return 0
