"""`./hotline run` (what `make run` calls): start the servers, then chat in Telegram or the terminal."""

from __future__ import annotations

import os
import time

from bot.cli.serve import default_http_port
from bot.stack import Stack, StackConfig


def main(argv: list[str]) -> int:
    """Start what is not running, hand over to a channel, and on exit stop what this command started."""
    stack = Stack(StackConfig(http_port=default_http_port()))
    if stack.config.rasa_token:
        os.environ["RASA_TOKEN"] = stack.config.rasa_token  # the chat's relay calls Rasa's API in this process
    already = stack.running()
    started = time.monotonic()
    print("[run] starting the hotline (Rasa + actions + HTTP channel); the first start loads the model…", flush=True)
    try:
        stack.start()
    except (RuntimeError, TimeoutError) as error:
        print(f"[run] could not start the hotline: {error}")
        stack.stop()
        return 1
    channel = f"; HTTP channel at POST {stack.config.http_url}/api/chat" if stack.config.http_port else ""
    print(f"[run] ready in {time.monotonic() - started:.1f} s{channel}", flush=True)
    try:
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            from bot.cli import telegram

            return telegram.main(argv)
        from bot.cli import chat

        return chat.main(argv)
    except KeyboardInterrupt:
        return 0
    finally:
        for name in reversed(stack.config.process_names):
            if name not in already:
                stack.stop_process(name)
        print("\n[run] stopped.")
