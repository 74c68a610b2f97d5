"""`./hotline cases`: the social worker's case tools (list, show, claim, reply, close).

Every subcommand needs a registered worker: `--worker HANDLE`, or HOTLINE_WORKER in the environment.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

from bot import casework
from bot.rasa_client import RasaClient, RasaUnavailable
from store.cases import get_case, list_cases, transcript
from store.db import session_scope
from store.errors import StoreError
from store.evidence import evidence_for
from store.models import Case, Priority, Status
from store.workers import WorkerRef, authenticate


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hotline cases", description="Case tools for social workers.")
    worker = argparse.ArgumentParser(add_help=False)
    worker.add_argument("--worker", default=os.environ.get("HOTLINE_WORKER"), help="your worker handle")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", parents=[worker], help="list cases, most urgent first")
    listing.add_argument("--status", choices=[s.value for s in Status])
    listing.add_argument("--priority", choices=[p.value for p in Priority])
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    commands.add_parser("show", parents=[worker], help="summary and transcript of one case").add_argument("ref")
    commands.add_parser("claim", parents=[worker], help="take a waiting case").add_argument("ref")
    reply = commands.add_parser("reply", parents=[worker], help="send a message to the person")
    reply.add_argument("ref")
    reply.add_argument("text")
    close = commands.add_parser("close", parents=[worker], help="close a case you hold; the bot asks for a rating")
    close.add_argument("ref")
    close.add_argument("--outcome", required=True, help="what was done, e.g. 'referred to 12315'")
    return parser


def case_row(case: Case) -> dict[str, Any]:
    """The JSON shape of a case in `cases list --json`."""
    return {
        "ref": case.ref,
        "sender_id": case.sender_id,
        "priority": case.priority,
        "status": case.status,
        "service_line": case.service_line,
        "topic": case.topic,
        "reason": case.reason,
        "language": case.language,
        "worker": case.worker.handle if case.worker else None,
        "created_at": case.created_at.isoformat(timespec="seconds"),
        "claimed_at": case.claimed_at.isoformat(timespec="seconds") if case.claimed_at else None,
        "closed_at": case.closed_at.isoformat(timespec="seconds") if case.closed_at else None,
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
            f"{row['ref']}  {row['priority']:<7} {row['status']:<8} {row['service_line'] or '-':<9} "
            f"{row['reason']:<20} {row['created_at']}{holder}"
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    with session_scope() as session:
        authenticate(session, handle=args.worker)
        case = get_case(session, args.ref)
        row = case_row(case)
        print(f"{case.ref}  {case.priority}  {case.status}" + (f"  → {row['worker']}" if row["worker"] else ""))
        print(case.summary)
        print("\n— transcript —")
        for message in transcript(session, case):
            print(f"{message.created_at:%Y-%m-%d %H:%M} {message.role:<6} {message.text}")
        for item in evidence_for(session, case.ref):
            print(f"evidence: {item.filename} ({item.mime}, {item.size} bytes, sha256 {item.sha256[:12]}…)")
        if case.outcome:
            print(f"\noutcome: {case.outcome}  rating: {case.rating or '-'}")
    return 0


def _claim(args: argparse.Namespace) -> int:
    case = casework.claim(WorkerRef(handle=args.worker), args.ref)
    print(f"{case.ref} is yours. The person has been told you joined.")
    return 0


def _reply(args: argparse.Namespace) -> int:
    case = casework.reply(WorkerRef(handle=args.worker), args.ref, args.text)
    print(f"sent to {case.ref}")
    return 0


def _close(args: argparse.Namespace) -> int:
    try:
        case = asyncio.run(casework.close(WorkerRef(handle=args.worker), args.ref, args.outcome, RasaClient()))
    except RasaUnavailable as error:
        print(f"The bot could not be resumed ({error}); {args.ref} stays open with you. Try again.", file=sys.stderr)
        return 1
    print(f"{case.ref} closed. The bot is back with the person and asked for a rating.")
    return 0


COMMANDS = {"list": _list, "show": _show, "claim": _claim, "reply": _reply, "close": _close}


def main(argv: list[str]) -> int:
    """Run one `cases` subcommand; store errors (not a worker, already claimed…) print a message and exit 1."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
