"""`./hotline users`: privacy tools. `forget ID` erases a person; `purge` applies the retention period."""

from __future__ import annotations

import argparse
import asyncio

from bot.alerts import tell_workers_of_erasure
from bot.casework import resume_bot
from bot.cli.output import quiet_on_closed_pipe
from bot.rasa_client import RasaClient, RasaUnavailable
from store.db import session_scope
from store.policy import policy_value
from store.privacy import forget_user, purge_expired
from store.tracker_erasure import erase_conversations


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./hotline users", description="Privacy tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    forget = commands.add_parser("forget", help="erase a person's messages and cases (an anonymous audit line stays)")
    forget.add_argument("person", help="the sender id (e.g. telegram-12345) or pseudonym (u-…)")
    forget.add_argument("--by", default="admin", help="who asked, for the audit line")
    purge = commands.add_parser("purge", help="erase cases closed longer ago than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: knowledge/handoff.yml policy)")
    return parser


def _resume(sender_id: str) -> None:
    """An open case had paused the bot for this person: let it answer again (best effort, reported)."""
    try:
        asyncio.run(resume_bot(RasaClient(), sender_id))
        print(f"the bot answers {sender_id} again")
    except RasaUnavailable as error:
        print(f"warning: could not resume the bot for {sender_id} ({error}); run this again once Rasa is up")


def main(argv: list[str]) -> int:
    """Run one `users` subcommand."""
    args = _parser().parse_args(argv)
    return quiet_on_closed_pipe(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    if args.command == "purge":
        days = args.days if args.days is not None else policy_value("retention_days")
        with session_scope() as session:
            erased = purge_expired(session, days)
        print(f"erased {erased.cases} cases closed more than {days} days ago ({erased.messages} messages)")
        return 0
    with session_scope() as session:
        erased = forget_user(session, args.person, actor=args.by)
        for item in erased.open_cases:
            tell_workers_of_erasure(session, item)
    print(f"erased {erased.cases} cases and {erased.messages} messages of {args.person}")
    for item in erased.open_cases:
        print(f"{item.ref} was open: its worker (or the on-duty team) has been told")
    for sender_id in erased.paused_senders:
        _resume(sender_id)
    events = erase_conversations(erased.senders)
    print(f"erased {events} conversation events from the tracker store")
    return 0
