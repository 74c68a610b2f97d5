"""Several problems in one message: say which ones were heard and offer the ones not answered yet as buttons.

The NLU's problem detector puts `problems: [{intent, confidence}]` on each parsed message. After the main answer,
`offer_other_problems` names every problem of the latest message that had several, and gives one button per
problem not answered yet (most urgent first), so none is lost. Which problems were answered is kept in the
`problems_answered` slot, tied to the message they were heard in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.casework import ANSWERED_SLOT as CASEWORK_ANSWERED_SLOT
from actions.common import pick
from actions.fallback import intent_titles
from kb.casework.case import problem_names
from kb.casework.facts import excluded_lines, line_of_intent, trusted_role
from kb.casework.remedies import problem_specs
from nlu.problem_signals import by_urgency, is_problem

ANSWERED_SLOT = "problems_answered"
# Only the last few user turns are searched: a problem mentioned long ago is not brought back.
LOOKBACK_USER_TURNS = 8
LIST_SEPARATOR = {"zh": "、", "en": ", "}


def problems_of(parse_data: dict[str, Any]) -> list[str]:
    """The known problem intents the NLU heard in one message, its top intent first when it is a problem. A
    detected problem of a line the speaker cannot have (a seller quoting a buyer's "七天无理由") is left out."""
    # The casework's bar: a 0.5 guess ("服务费" read as platform costs) is not a problem to offer as a button.
    names = list(problem_names(parse_data.get("problems")))
    top = str((parse_data.get("intent") or {}).get("name") or "")
    role = (parse_data.get("role") or {}).get("name")
    excluded = excluded_lines(role) if trusted_role(role, top) else []
    names = [name for name in names if line_of_intent(name) not in excluded]
    ordered = ([top] if is_problem(top) else []) + names
    return [n for n in dict.fromkeys(ordered) if is_problem(n) and n in intent_titles()]


def casework_answered_intents(tracker: Tracker) -> list[str]:
    """The intents of the problems the casework reply has answered in this conversation (knowledge/casework)."""
    done = set(tracker.get_slot(CASEWORK_ANSWERED_SLOT) or [])
    return [str(intent) for spec in problem_specs() if spec["id"] in done for intent in spec.get("intents", [])]


def _user_turns(tracker: Tracker) -> list[dict[str, Any]]:
    turns = [e for e in tracker.events if e.get("event") == "user"]
    return turns[-LOOKBACK_USER_TURNS:]


def heard_problems(tracker: Tracker) -> tuple[float | None, list[str]]:
    """(timestamp of the latest message that raised several problems, those problems), or (None, [])."""
    for event in reversed(_user_turns(tracker)):
        found = problems_of(event.get("parse_data") or {})
        if len(found) >= 2:
            return event.get("timestamp"), found
    return None, []


def answering_intent(tracker: Tracker) -> str | None:
    """The problem the answer being sent is about: the latest user turn whose intent is a problem."""
    for event in reversed(_user_turns(tracker)):
        name = str(((event.get("parse_data") or {}).get("intent") or {}).get("name") or "")
        if is_problem(name):
            return name
    return None


def offer_other_problems(
    dispatcher: CollectingDispatcher, tracker: Tracker, language: str, covered: Iterable[str] = ()
) -> list[EventType]:
    """After an answer: "I heard: A, B" and a button for each problem not answered yet (nothing if only one);
    `covered` are the problems the answer just sent dealt with."""
    source, heard = heard_problems(tracker)
    if len(heard) < 2:
        return []
    record = tracker.get_slot(ANSWERED_SLOT) or {}
    answered = list(record.get("intents") or []) if record.get("source") == source else []
    answered += casework_answered_intents(tracker)  # the casework reply answers every problem it lists
    answered += [intent for intent in covered if intent not in answered]
    current = answering_intent(tracker)
    if current and current not in answered:
        answered.append(current)
    pending = by_urgency(p for p in heard if p not in answered)
    events: list[EventType] = [SlotSet(ANSWERED_SLOT, {"source": source, "intents": answered})]
    if not pending:
        return events
    titles = intent_titles()
    dispatcher.utter_message(
        response="utter_heard_problems",
        heard=LIST_SEPARATOR.get(language, ", ").join(pick(titles[p], language) for p in heard),
        buttons=[{"title": pick(titles[p], language), "payload": f"/{p}"} for p in pending],
    )
    return events
