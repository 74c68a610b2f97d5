"""Dispatch `./hotline SUBCOMMAND ...` to the module that implements it."""

from __future__ import annotations

import importlib
import sys

# subcommand -> (module with `main(argv) -> int`, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "run": ("bot.cli.run", "start everything and chat (Telegram when TELEGRAM_BOT_TOKEN is set)"),
    "serve": ("bot.cli.serve", "start the Rasa and action servers in the background and wait until they answer"),
    "stop": ("bot.cli.serve", "stop the servers started by serve"),
    "status": ("bot.cli.serve", "show which servers are running"),
    "chat": ("bot.cli.chat", "talk to the running hotline in this terminal"),
    "http": ("bot.cli.http", "run the HTTP channel (POST /api/chat) against the running servers"),
    "replay": (
        "bot.cli.replay",
        "play scripted conversations (tests/conversations/scripts/) against the running hotline",
    ),
    "telegram": ("bot.cli.telegram", "run the Telegram bot against the running servers"),
    "cases": ("bot.cli.cases", "social-worker case tools: list, show, claim, reply, close"),
    "workers": ("bot.cli.workers", "manage social workers: add, list, duty"),
    "users": ("bot.cli.users", "privacy tools: forget a user, purge expired data"),
    "report": ("bot.cli.report", "service statistics and a chart"),
    "kb": ("kb.cli", "knowledge base: lint, show TOPIC"),
    "eval": ("bot.cli.eval", "evaluation: nlu, claims"),
    "bench": ("bot.cli.bench", "benchmark start-up, latency and memory (writes reports/bench/)"),
    "turn-cpu": ("bot.cli.turn_cpu", "CPU ms per turn of every server process, one person at a time"),
}


def usage() -> str:
    """The help text listing every subcommand."""
    width = max(len(name) for name in SUBCOMMANDS)
    lines = ["usage: ./hotline SUBCOMMAND [ARGS]", ""]
    lines += [f"  {name.ljust(width)}  {text}" for name, (_, text) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run one subcommand."""
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in SUBCOMMANDS:
        print(f"unknown subcommand: {name}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(SUBCOMMANDS[name][0])
    if name in ("serve", "stop", "status"):
        return int(module.main([name, *rest]))
    return int(module.main(rest))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
