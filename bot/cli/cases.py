"""`./hotline cases`: the social worker's case tools (list, show, claim, reply, transfer, close, watch).

Every subcommand needs a registered worker: `--worker HANDLE`, or HOTLINE_WORKER in the environment.
Who may read a case another worker holds is the `access` policy of knowledge/handoff.yml; every read is audited.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Any

from sqlalchemy.orm import Session

from bot import casework
from bot.alerts import CLI_CHANNEL, cli_recipient
from bot.cli.output import quiet_on_closed_pipe
from bot.rasa_client import RasaClient, RasaUnavailable
from store import audit, outbox
from store.cases import list_cases, read_case
from store.db import session_scope
from store.errors import StoreError
from store.models import REF_PREFIX, Case, Priority, Status, Worker, iso_utc
from store.summary import report
from store.workers import WorkerRef, authenticate

WATCH_INTERVAL_SECONDS = 2.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hotline cases", description="Case tools for social workers.")
    worker = argparse.ArgumentParser(add_help=False)
    worker.add_argument(
        "--worker", default=os.environ.get("HOTLINE_WORKER"), help="your worker handle (or set HOTLINE_WORKER)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", parents=[worker], help="list cases, most urgent first")
    listing.add_argument("--status", choices=[s.value for s in Status])
    listing.add_argument("--priority", choices=[p.value for p in Priority])
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    show = commands.add_parser("show", parents=[worker], help="summary, risk, facts and every message of one case")
    show.add_argument("ref")
    show.add_argument("--json", action="store_true", help="print JSON: summary, risk, priority, facts, messages…")
    commands.add_parser("claim", parents=[worker], help="take a waiting case").add_argument("ref")
    reply = commands.add_parser("reply", parents=[worker], help="send a message to the person")
    reply.add_argument("ref")
    reply.add_argument("text")
    transfer = commands.add_parser("transfer", parents=[worker], help="hand a case to another worker")
    transfer.add_argument("ref")
    transfer.add_argument("--to", required=True, help="the handle of the worker who takes it over")
    close = commands.add_parser("close", parents=[worker], help="close a case you hold; the bot asks for a rating")
    close.add_argument("ref")
    close.add_argument("--outcome", required=True, help="what was done, e.g. 'referred to 12315'")
    watch = commands.add_parser("watch", parents=[worker], help="print new messages and alerts as they arrive")
    watch.add_argument("--interval", type=float, default=WATCH_INTERVAL_SECONDS, help="seconds between checks")
    watch.add_argument("--rounds", type=int, help="stop after this many checks (default: until Ctrl-C)")
    return parser


def case_row(case: Case) -> dict[str, Any]:
    """The JSON shape of a case in `cases list --json` (times in ISO 8601 with their zone)."""
    return {
        "ref": case.ref,
        "sender_id": case.sender_id,
        "priority": case.priority,
        "risk": case.risk_level,
        "status": case.status,
        "service_line": case.service_line,
        "topic": case.topic,
        "reason": case.reason,
        "language": case.language,
        "worker": case.worker.handle if case.worker else None,
        "created_at": iso_utc(case.created_at),
        "claimed_at": iso_utc(case.claimed_at),
        "closed_at": iso_utc(case.closed_at),
        "erased_at": iso_utc(case.erased_at),
        "outcome": case.outcome,
        "rating": case.rating,
    }


def _list(args: argparse.Namespace) -> int:
    with session_scope() as session:
        worker = authenticate(session, handle=args.worker)
        rows = [case_row(case) for case in list_cases(session, worker, args.status, args.priority)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no cases")
    for row in rows:
        holder = f" → {row['worker']}" if row["worker"] else ""
        print(
            f"{row['ref']}  {row['priority']:<7} {row['status']:<8} {row['risk']:<8} {row['service_line'] or '-':<9} "
            f"{row['reason']:<20} {row['created_at']}{holder}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with session_scope() as session:
        worker = authenticate(session, handle=args.worker)
        case = read_case(session, worker, args.ref, "show --json" if args.json else "show")
        found = report(session, case, viewer=worker)
        if args.json:
            print(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
            return 0
        holder = f"  → {case.worker.handle}" if case.worker else ""
        print(f"{case.ref}  {case.priority}  {case.status}{holder}")
        print(found.text())
        if case.outcome:
            print(f"\noutcome: {case.outcome}  rating: {case.rating or '-'}")
    return 0


def _claim(args: argparse.Namespace) -> int:
    case = casework.claim(WorkerRef(handle=args.worker), args.ref)
    print(f"{case.ref} is yours. The person has been told you joined.")
    print(f"Everything they wrote, including while waiting: ./hotline cases show {case.ref}")
    return 0


def _reply(args: argparse.Namespace) -> int:
    case = casework.reply(WorkerRef(handle=args.worker), args.ref, args.text)
    print(f"sent to {case.ref}")
    return 0


def _transfer(args: argparse.Namespace) -> int:
    case = casework.transfer(WorkerRef(handle=args.worker), args.ref, args.to)
    print(f"{case.ref} is now held by {args.to}. The person and {args.to} have been told.")
    return 0


def _close(args: argparse.Namespace) -> int:
    try:
        case = asyncio.run(casework.close(WorkerRef(handle=args.worker), args.ref, args.outcome, RasaClient()))
    except RasaUnavailable as error:
        print(f"The bot could not be resumed ({error}); {args.ref} stays open with you. Try again.", file=sys.stderr)
        return 1
    print(f"{case.ref} closed. The bot is back with the person and asked for a rating.")
    return 0


def take_alerts(session: Session, worker: Worker) -> list[str]:
    """The worker's undelivered command-line alerts and messages, oldest first, marked delivered and audited."""
    rows = outbox.fetch_undelivered(session, CLI_CHANNEL, recipient=cli_recipient(worker.handle))
    outbox.mark_delivered(session, [row.id for row in rows])
    for ref in dict.fromkeys(word.strip("[]，。:：") for row in rows for word in row.text.split()):
        if ref.startswith(REF_PREFIX):
            audit.record(session, worker.handle, "read", ref, "watch")
    return [f"{iso_utc(row.created_at)} {row.text}" for row in rows]


def _watch(args: argparse.Namespace) -> int:
    with session_scope() as session:
        worker = authenticate(session, handle=args.worker)
        chat = worker.telegram_chat_id
    if chat:
        print(f"note: {args.worker}'s alerts go to Telegram chat {chat}; unregister it to watch here")
    print(f"watching for {args.worker} (Ctrl-C to stop)", flush=True)
    rounds = 0
    try:
        while args.rounds is None or rounds < args.rounds:
            with session_scope() as session:
                lines = take_alerts(session, authenticate(session, handle=args.worker))
            for line in lines:
                print(line, flush=True)
            rounds += 1
            if args.rounds is None or rounds < args.rounds:
                time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0
    return 0


COMMANDS = {
    "list": _list,
    "show": _show,
    "claim": _claim,
    "reply": _reply,
    "transfer": _transfer,
    "close": _close,
    "watch": _watch,
}


def main(argv: list[str]) -> int:
    """Run one `cases` subcommand; store errors (not a worker, held by another…) print a message and exit 1."""
    args = _parser().parse_args(argv)

    def run() -> int:
        try:
            return COMMANDS[args.command](args)
        except StoreError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1

    return quiet_on_closed_pipe(run)
