"""`./hotline serve|stop|status`: the servers (Rasa, actions, HTTP channel) as background processes."""

from __future__ import annotations

import argparse
import os
import time

from bot.stack import Stack, StackConfig

DEFAULT_HTTP_PORT = 8080


def default_http_port() -> int | None:
    """HOTLINE_HTTP_PORT, 8080 when unset; "0" turns the HTTP channel off."""
    port = int(os.environ.get("HOTLINE_HTTP_PORT") or DEFAULT_HTTP_PORT)
    return port or None


def _config(args: argparse.Namespace) -> StackConfig:
    return StackConfig(rasa_port=args.rasa_port, action_port=args.action_port, http_port=args.http_port or None)


def main(argv: list[str]) -> int:
    """Start, stop or show the servers."""
    parser = argparse.ArgumentParser(prog="./hotline")
    parser.add_argument("command", choices=["serve", "stop", "status"])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--http-port", type=int, default=default_http_port(), help="HTTP channel; 0 for none")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for start-up")
    args = parser.parse_args(argv)
    stack = Stack(_config(args))
    if args.command == "stop":
        stack.stop()
        print("stopped")
        return 0
    if args.command == "status":
        running = stack.running()
        for name in stack.config.process_names:
            state = f"running (pid {running[name]})" if name in running else "stopped"
            print(f"{name}: {state}")
        return 0 if len(running) == len(stack.config.process_names) else 1
    started = time.monotonic()
    try:
        stack.start(timeout=args.timeout)
    except (RuntimeError, TimeoutError) as error:
        print(f"could not start the hotline: {error}")
        stack.stop()
        return 1
    channel = f", chat POST {stack.config.http_url}/api/chat" if stack.config.http_port else ""
    print(f"hotline ready in {time.monotonic() - started:.1f} s ({stack.config.profile} profile): "
          f"Rasa {stack.config.rasa_url}, actions http://127.0.0.1:{stack.config.action_port}{channel}")  # fmt: skip
    return 0
