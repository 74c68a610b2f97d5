"""`./hotline kb lint` and `./hotline kb show TOPIC`: check the knowledge base, preview answers."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal

from kb.citations import unresolved_citations
from kb.consumer import Facts, case_types, consumer_answer
from kb.knowledge import KnowledgeError, lint
from kb.topics import topic_answer, topics


def _lint() -> int:
    problems = [str(problem) for problem in lint()]
    if not problems:
        problems = [str(problem) for problem in unresolved_citations()]
    for problem in problems:
        print(problem)
    if problems:
        print(f"kb lint: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"kb lint: OK ({len(case_types())} consumer case types, {len(topics())} topics)")
    return 0


def _show(args: argparse.Namespace) -> int:
    known = sorted(case_types()) + sorted(topics())
    if args.topic in case_types():
        facts = Facts(
            platform=args.platform,
            product_category=args.category,
            amount_paid=Decimal(args.amount) if args.amount else None,
            days_since_receipt=args.days,
            evidence_kept=args.evidence,
        )
        print(consumer_answer(args.topic, facts, args.lang, date.today()).as_text())
        return 0
    if args.topic in topics():
        print(topic_answer(args.topic, args.lang).as_text())
        return 0
    print(f"unknown topic {args.topic!r}; known: {', '.join(known)}", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    """Run `kb lint` or `kb show TOPIC [--lang en] [--amount 200] [--days 3] …`; returns the exit code."""
    parser = argparse.ArgumentParser(prog="hotline kb", description="Check and preview the knowledge base.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("lint", help="validate every knowledge file and resolve every citation")
    show = commands.add_parser("show", help="print a procedure as the user would see it")
    show.add_argument("topic", help="a consumer case id (counterfeit …) or a merchant/streamer topic id")
    show.add_argument("--lang", choices=("zh", "en"), default="zh")
    show.add_argument("--platform")
    show.add_argument("--category", help="product category, e.g. clothing")
    show.add_argument("--amount", help="price paid in yuan")
    show.add_argument("--days", type=int, help="days since the goods arrived")
    show.add_argument("--evidence", help="what the user says they kept")
    args = parser.parse_args(argv)
    try:
        return _lint() if args.command == "lint" else _show(args)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
