"""`./hotline serve|stop|status`: the servers (Rasa, actions, HTTP channel) as background processes."""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

from bot.stack import Stack, StackConfig

DEFAULT_HTTP_PORT = 8080


def default_http_port() -> int | None:
    """HOTLINE_HTTP_PORT, 8080 when unset; "0" turns the HTTP channel off."""
    port = int(os.environ.get("HOTLINE_HTTP_PORT") or DEFAULT_HTTP_PORT)
    return port or None


PRODUCTION_DATABASE_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
INSTANCE_PORT_STEP = 10  # instance i: Rasa on rasa_port + 10 i, actions on action_port + 10 i


def _configs(args: argparse.Namespace) -> list[StackConfig]:
    """One config per instance; instances share the HTTP port, the stores and Rasa's API token."""
    profile = os.environ.get("HOTLINE_PROFILE", "default")
    first = StackConfig(rasa_port=args.rasa_port, action_port=args.action_port, http_port=args.http_port or None)
    if profile == "production":
        # Cases, trackers, locks, kept messages and button memory are shared, so any instance serves anyone.
        first.database_url = os.environ.get("DATABASE_URL") or PRODUCTION_DATABASE_URL
        first.extra_env = {"REDIS_URL": first.redis_url}
    first.http_shared = args.instances > 1
    configs = [first]
    for index in range(1, args.instances):
        step = INSTANCE_PORT_STEP * index
        configs.append(
            dataclasses.replace(
                first, rasa_port=args.rasa_port + step, action_port=args.action_port + step, instance=index
            )
        )
    return configs


def main(argv: list[str]) -> int:
    """Start, stop or show the servers."""
    parser = argparse.ArgumentParser(prog="./hotline")
    parser.add_argument("command", choices=["serve", "stop", "status"])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--http-port", type=int, default=default_http_port(), help="HTTP channel; 0 for none")
    parser.add_argument("--instances", type=int, default=1, help="Rasa + actions + HTTP worker sets (production)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for start-up")
    args = parser.parse_args(argv)
    stacks = [Stack(config) for config in _configs(args)]
    if args.command == "stop":
        stopped = Stack.stop_all(stacks[0].config.state_dir)
        print(f"stopped {', '.join(stopped) or 'nothing (no server was running)'}")
        return 0
    if args.command == "status":
        missing = 0
        for stack in stacks:
            running = stack.running()
            for name in stack.config.process_names:
                state = f"running (pid {running[name]})" if name in running else "stopped"
                missing += name not in running
                print(f"{name}{f' #{stack.config.instance}' if stack.config.instance else ''}: {state}")
        return 1 if missing else 0
    started = time.monotonic()
    try:
        for stack in stacks:
            stack.start(timeout=args.timeout)
    except (RuntimeError, TimeoutError) as error:
        print(f"could not start the hotline: {error}")
        for stack in stacks:
            stack.stop()
        return 1
    first = stacks[0].config
    channel = f", chat POST {first.http_url}/api/chat" if first.http_port else ""
    rasa = ", ".join(stack.config.rasa_url for stack in stacks)
    print(f"hotline ready in {time.monotonic() - started:.1f} s ({first.profile} profile, {len(stacks)} instance(s)): "
          f"Rasa {rasa}{channel}")  # fmt: skip
    if first.profile == "production" and not os.environ.get("RASA_TOKEN"):
        print("Rasa's HTTP API needs a token in this profile; set RASA_TOKEN before `serve` to use it from other"
              " commands (./hotline cases).")  # fmt: skip
    return 0
