"""`./hotline run` (what `make run` calls): start the servers, then chat in Telegram or the terminal."""

from __future__ import annotations

import os
import time

from bot.stack import Stack


def main(argv: list[str]) -> int:
    """Start what is not running, hand over to a channel, and on exit stop what this command started."""
    stack = Stack()
    already = stack.running()
    started = time.monotonic()
    print("[run] starting the hotline (Rasa + actions); the first start loads the model…", flush=True)
    try:
        stack.start()
    except (RuntimeError, TimeoutError) as error:
        print(f"[run] could not start the hotline: {error}")
        stack.stop()
        return 1
    print(f"[run] ready in {time.monotonic() - started:.1f} s", flush=True)
    try:
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            from bot.cli import telegram

            return telegram.main(argv)
        from bot.cli import chat

        return chat.main(argv)
    except KeyboardInterrupt:
        return 0
    finally:
        for name in ("rasa", "actions"):
            if name not in already:
                stack.stop_process(name)
        print("\n[run] stopped.")
