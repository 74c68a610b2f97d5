"""The case of one conversation: its turns read from the tracker's events, and which problems to answer now.

Pure (tracker events are plain dicts), so the actions stay thin and the tests need no Rasa.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from kb.casework.facts import CaseFacts, Turn, fold
from kb.casework.remedies import Problem, assess

# Slots that say which fact the bot had just asked for when the user answered.
ASKED_SLOTS = ("requested_slot", "casework_pending")


def turns_from_events(events: Iterable[Mapping[str, Any]]) -> list[Turn]:
    """Every user message as a `Turn`, with the fact the bot was waiting for at that moment."""
    asked: dict[str, str | None] = {}
    turns: list[Turn] = []
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") in ASKED_SLOTS:
            asked[str(event["name"])] = event.get("value")
        elif kind == "user":
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            pending = asked.get("requested_slot") or asked.get("casework_pending")
            turns.append(
                Turn(
                    text=str(event.get("text") or ""),
                    entities=tuple(parse.get("entities") or ()),
                    intent=intent,
                    problems=tuple(parse.get("problems") or ()),
                    asked=str(pending) if pending else None,
                )
            )
            asked["casework_pending"] = None  # a casework question is answered (or passed over) by one message
    return turns


def case_facts(events: Iterable[Mapping[str, Any]]) -> CaseFacts:
    """The fact model of the conversation so far."""
    return fold(turns_from_events(events))


def problems_to_answer(
    facts: CaseFacts, language: str, today: date, answered: Iterable[str] = (), recompute: bool = False
) -> list[Problem]:
    """The problems this reply covers, most urgent first: the ones not answered yet, or all on a correction.

    When everything heard was already answered (the person repeats the problem), all of them again.
    """
    problems = assess(facts, language, today)
    if recompute:
        return problems
    done = set(answered)
    return [problem for problem in problems if problem.id not in done] or problems


def raised_now(events: Iterable[Mapping[str, Any]], language: str, today: date) -> bool:
    """True when the latest message on its own raises a problem the casework knows (intent, detector, facts)."""
    turns = turns_from_events(events)
    return bool(turns) and bool(assess(fold(turns[-1:]), language, today))
