"""`./hotline serve|stop|status`: the servers as background processes."""

from __future__ import annotations

import argparse
import time

from bot.stack import Stack, StackConfig


def _config(args: argparse.Namespace) -> StackConfig:
    return StackConfig(rasa_port=args.rasa_port, action_port=args.action_port)


def main(argv: list[str]) -> int:
    """Start, stop or show the Rasa and action servers."""
    parser = argparse.ArgumentParser(prog="./hotline")
    parser.add_argument("command", choices=["serve", "stop", "status"])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for start-up")
    args = parser.parse_args(argv)
    stack = Stack(_config(args))
    if args.command == "stop":
        stack.stop()
        print("stopped")
        return 0
    if args.command == "status":
        running = stack.running()
        for name in ("actions", "rasa"):
            state = f"running (pid {running[name]})" if name in running else "stopped"
            print(f"{name}: {state}")
        return 0 if len(running) == 2 else 1
    started = time.monotonic()
    try:
        stack.start(timeout=args.timeout)
    except (RuntimeError, TimeoutError) as error:
        print(f"could not start the hotline: {error}")
        stack.stop()
        return 1
    print(f"hotline ready in {time.monotonic() - started:.1f} s: Rasa {stack.config.rasa_url}, "
          f"actions http://127.0.0.1:{stack.config.action_port}")  # fmt: skip
    return 0
