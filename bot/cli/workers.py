"""`./hotline workers`: register social workers, set who is on duty (only on-duty workers are alerted), remove them."""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import IntegrityError

from bot.cli.output import quiet_on_closed_pipe
from store.db import session_scope
from store.errors import StoreError
from store.models import WorkerRole
from store.workers import add_worker, list_workers, remove_worker, set_on_duty


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hotline workers", description="Manage social workers.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="register a worker")
    add.add_argument("handle")
    add.add_argument("--name", help="name the person sees (default: the handle)")
    add.add_argument("--telegram-chat-id", help="Telegram chat id for alerts and replies")
    add.add_argument("--on-duty", action="store_true", help="put on duty at once")
    add.add_argument("--lead", action="store_true", help="a lead may read and transfer cases others hold")
    commands.add_parser("list", help="list workers")
    duty = commands.add_parser("duty", help="put a worker on or off duty")
    duty.add_argument("handle")
    duty.add_argument("state", choices=["on", "off"])
    commands.add_parser("on-duty", help="put a worker on duty").add_argument("handle")
    commands.add_parser("off-duty", help="take a worker off duty (no more alerts)").add_argument("handle")
    commands.add_parser("remove", help="remove a worker (their past cases keep their name)").add_argument("handle")
    return parser


def _run(args: argparse.Namespace) -> int:
    with session_scope() as session:
        if args.command == "add":
            role = WorkerRole.LEAD if args.lead else WorkerRole.WORKER
            worker = add_worker(session, args.handle, args.name, args.telegram_chat_id, role)
            worker.on_duty = args.on_duty
            extras = [text for flag, text in ((args.lead, "lead"), (worker.on_duty, "on duty")) if flag]
            print(f"registered {worker.handle}" + (f" ({', '.join(extras)})" if extras else ""))
        elif args.command in ("duty", "on-duty", "off-duty"):
            on = args.command == "on-duty" or (args.command == "duty" and args.state == "on")
            worker = set_on_duty(session, args.handle, on)
            print(f"{worker.handle} is {'on' if worker.on_duty else 'off'} duty")
        elif args.command == "remove":
            worker = remove_worker(session, args.handle)
            print(f"removed {worker.handle}: no more alerts or sign-in; their past cases keep their name")
        else:
            for worker in list_workers(session):
                duty = "on duty " if worker.on_duty else "off duty"
                print(
                    f"{worker.handle:<16} {duty}  {worker.role:<6}  {worker.display_name}  "
                    f"telegram:{worker.telegram_chat_id or '-'}"
                )
    return 0


def main(argv: list[str]) -> int:
    """Run one `workers` subcommand."""
    args = _parser().parse_args(argv)

    def run() -> int:
        try:
            return _run(args)
        except IntegrityError:
            print(f"error: a worker with that handle or chat id already exists: {args.handle}", file=sys.stderr)
            return 1
        except StoreError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1

    return quiet_on_closed_pipe(run)
