"""`./hotline workers`: register social workers and set who is on duty (only on-duty workers are alerted)."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import IntegrityError

from store.db import session_scope
from store.errors import StoreError
from store.workers import add_worker, list_workers, set_on_duty


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hotline workers", description="Manage social workers.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="register a worker")
    add.add_argument("handle")
    add.add_argument("--name", help="name the person sees (default: the handle)")
    add.add_argument("--telegram-chat-id", help="Telegram chat id for alerts and replies")
    add.add_argument("--on-duty", action="store_true", help="put on duty at once")
    commands.add_parser("list", help="list workers")
    duty = commands.add_parser("duty", help="put a worker on or off duty")
    duty.add_argument("handle")
    duty.add_argument("state", choices=["on", "off"])
    return parser


def main(argv: list[str]) -> int:
    """Run one `workers` subcommand."""
    args = _parser().parse_args(argv)
    try:
        with session_scope() as session:
            if args.command == "add":
                worker = add_worker(session, args.handle, args.name, args.telegram_chat_id)
                worker.on_duty = args.on_duty
                print(f"registered {worker.handle}" + (" (on duty)" if worker.on_duty else ""))
            elif args.command == "duty":
                worker = set_on_duty(session, args.handle, args.state == "on")
                print(f"{worker.handle} is {'on' if worker.on_duty else 'off'} duty")
            else:
                for worker in list_workers(session):
                    duty = "on duty " if worker.on_duty else "off duty"
                    print(
                        f"{worker.handle:<16} {duty}  {worker.display_name}  telegram:{worker.telegram_chat_id or '-'}"
                    )
    except IntegrityError:
        print(f"error: a worker with that handle or chat id already exists: {args.handle}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
