"""The case of one conversation: its turns read from the tracker's events, and which problems to answer now.

Pure (tracker events are plain dicts), so the actions stay thin and the tests need no Rasa.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from kb.calculators import parse_amount
from kb.casework.facts import Amount, CaseFacts, Turn, fold, signals
from kb.casework.remedies import Problem, assess
from kb.consumer import case_types
from kb.fact_answers import is_fact_answer
from nlu.problem_signals import is_problem

# Slots that say which fact the bot had just asked for when the user answered.
ASKED_SLOTS = ("requested_slot", "casework_pending")


def turns_from_events(events: Iterable[Mapping[str, Any]]) -> list[Turn]:
    """Every user message as a `Turn`, with the fact the bot was waiting for at that moment."""
    asked: dict[str, str | None] = {}
    turns: list[Turn] = []
    answered_since = True  # has the bot answered since the latest user message?
    for event in events:
        kind = event.get("event")
        if kind == "bot":
            answered_since = True
        if kind == "slot" and event.get("name") in ASKED_SLOTS:
            asked[str(event["name"])] = event.get("value")
        elif kind == "user":
            if turns and not answered_since and turns[-1].text == str(event.get("text") or ""):
                turns.pop()  # the same message read again with another intent (actions/consumer.py): one turn
            answered_since = False
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            pending = asked.get("requested_slot") or asked.get("casework_pending")
            text = str(event.get("text") or "")
            problems = problem_names(parse.get("problems"))
            if any(turn.problems or is_problem(turn.intent or "") for turn in turns) and is_fact_answer(text):
                # "两天前收到的" after a problem was heard is an answer: its facts count, its guessed problems not.
                intent, problems = None, ()
            turns.append(
                Turn(
                    text=text,
                    entities=tuple(parse.get("entities") or ()),
                    intent=intent,
                    problems=problems,
                    asked=str(pending) if pending else None,
                    role=(parse.get("role") or {}).get("name"),
                )
            )
            asked["casework_pending"] = None  # a casework question is answered (or passed over) by one message
    return turns


# Form slots → the amount role or value they hold in the fact model.
SLOT_AMOUNTS = {"amount_paid": "paid", "loss_amount": "loss"}
SLOT_VALUES = ("platform", "product_category", "days_since_receipt")


def _whole_days(value: Any) -> int | None:
    # A form answer is read before the form validates it, so it may be any text ("快手" when asked for the date).
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def case_facts(events: Iterable[Mapping[str, Any]], slots: Mapping[str, Any] | None = None) -> CaseFacts:
    """The fact model of the conversation so far.

    The messages come first; slot values (a form's answers, the open case type) fill what they left unknown,
    so a tracker that carries only slots (e.g. after a restart with a trimmed history) still has its facts.
    """
    facts = fold(turns_from_events(events))
    slots = slots or {}
    # The consumer form's slots: a merchant's or worker's sums are read from their words, never taken as a price
    # from a money entity that happened to fill `amount_paid`.
    for slot, role in SLOT_AMOUNTS.items() if facts.line() == "consumer" else ():
        value = parse_amount(slots.get(slot))
        if value is not None and facts.amount(role) is None:
            facts.amounts.append(Amount(value, role, max(facts.turns - 1, 0)))
    for slot in SLOT_VALUES:
        if slots.get(slot) is not None and facts.values.get(slot) is None:
            known = _whole_days(slots[slot]) if slot == "days_since_receipt" else slots[slot]
            if known is not None:
                facts.values[slot] = known
    case = case_types().get(str(slots.get("case_type")))
    if case is not None:
        facts.intents.setdefault(case["intent"], 0)
        for flag in signals().get("intent_flags", {}).get(case["intent"], []):
            facts.flags.setdefault(flag, 0)
    if slots.get("product_category") == "food":
        facts.flags.setdefault("food", 0)
    return facts


def problem_names(raw: Any) -> tuple[str, ...]:
    """The intent names of the parse output's `problems` ([{intent, confidence}] from the problem detector;
    plain names are accepted too). A detected problem below the casework's bar is left out: a problem the
    answer would argue (a penalty nobody mentioned) costs more than one the text reader still finds."""
    bar = float(signals().get("detector_min_confidence", 0))
    names = []
    for item in raw or ():
        name = item.get("intent") if isinstance(item, dict) else item
        confidence = float(item.get("confidence", 1)) if isinstance(item, dict) else 1.0
        if isinstance(name, str) and name and confidence >= bar:
            names.append(name)
    return tuple(names)


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
    return bool(problems_raised_now(events, language, today))


def latest_message_facts(events: Iterable[Mapping[str, Any]], words_only: bool = False) -> CaseFacts | None:
    """What the latest message says on its own (flags, intents, sums), or None before the person said anything;
    with `words_only`, only what its text says, nothing the NLU read into it (intent, problems, entities, role)."""
    turns = turns_from_events(events)
    if not turns:
        return None
    return fold([Turn(turns[-1].text)] if words_only else turns[-1:])


def problems_raised_now(
    events: Iterable[Mapping[str, Any]], language: str, today: date, words_only: bool = False
) -> list[str]:
    """The ids of the problems the latest message on its own raises, most urgent first (`words_only`: by its
    text alone, see latest_message_facts)."""
    said = latest_message_facts(events, words_only)
    return [problem.id for problem in assess(said, language, today)] if said is not None else []


def asked_first(problems: list[Problem], raised: Iterable[str]) -> list[Problem]:
    """A later message's own problems lead ("那解约的违约金要赔吗" after the check-in): the person is asking about
    them now. The others keep their urgency order behind them."""
    order = {problem_id: index for index, problem_id in enumerate(raised)}
    return sorted(problems, key=lambda problem: order.get(problem.id, len(order)))


def asked_again(problems: list[Problem], raised: Iterable[str], answered: Iterable[str]) -> Problem | None:
    """The answered problem a later message comes back to ("不签合同能要双倍工资吗？" after the contract was
    answered), when the message raises nothing new: that problem's detail answers it, with the case's facts."""
    raised, done = list(raised), set(answered)
    if not raised or any(problem_id not in done for problem_id in raised):
        return None
    return next((problem for problem in problems if problem.id == raised[0]), None)
