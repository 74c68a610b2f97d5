"""Two-stage fallback: offer the likely topics as buttons, then hand off after a second misunderstanding.

Rasa's `action_two_stage_fallback` loop calls these two actions by their reserved names:
- `action_default_ask_affirmation`: instead of guessing, show the top candidate intents as buttons
  (titles from `nlu/intents.yml`) plus "something else";
- `action_default_fallback`: when the loop gives up (two misunderstandings in a row), set
  `handoff_reason=misunderstood` and run `action_handoff` (issue 5's contract). Outside the loop (core
  fallback) it only says it did not understand.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import pick, reply_language

INTENTS_FILE = Path(__file__).resolve().parent.parent / "nlu" / "intents.yml"
FALLBACK_INTENT = "nlu_fallback"
TWO_STAGE_LOOP = "action_two_stage_fallback"
MAX_CANDIDATES = 2
# Never offered as a guess: a crisis is never "did you mean…?", and yes/no/facts are not topics.
NOT_OFFERED_PREFIXES = ("safety_",)
NOT_OFFERED = frozenset({FALLBACK_INTENT, "affirm", "deny", "inform", "skip", "out_of_scope"})


@lru_cache(maxsize=1)
def intent_titles() -> dict[str, dict[str, str]]:
    """Button titles per intent and language, from nlu/intents.yml."""
    data: dict[str, dict[str, str]] = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    return data


def candidate_intents(parse_data: dict[str, Any], limit: int = MAX_CANDIDATES) -> list[str]:
    """The most likely real intents behind a message that fell back, best first."""
    ranking = parse_data.get("intent_ranking") or []
    names = [r.get("name") for r in ranking if isinstance(r, dict)]
    offered = [
        n
        for n in names
        if n and n not in NOT_OFFERED and not n.startswith(NOT_OFFERED_PREFIXES) and n in intent_titles()
    ]
    return offered[:limit]


def misunderstood_twice(tracker: Tracker) -> bool:
    """True when the two-stage fallback is giving up: it is the active loop, or two fallbacks in a row."""
    if tracker.active_loop_name == TWO_STAGE_LOOP:
        return True
    intents = [
        e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker.events if e.get("event") == "user"
    ]
    return intents[-2:] == [FALLBACK_INTENT, FALLBACK_INTENT]


class ActionAskAffirmation(Action):
    """Ask which of the closest topics the person meant, as buttons, instead of guessing."""

    def name(self) -> str:
        """Rasa's reserved name, so the two-stage fallback loop uses this action."""
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Utter `utter_ask_affirmation` with one button per candidate and a "something else" button."""
        language = reply_language(tracker)
        titles = intent_titles()
        buttons = [
            {"title": pick(titles[name], language), "payload": f"/{name}"}
            for name in candidate_intents(tracker.latest_message)
        ]
        if not buttons:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        buttons.append({"title": pick(titles["out_of_scope"], language), "payload": "/out_of_scope"})
        dispatcher.utter_message(response="utter_ask_affirmation", buttons=buttons)
        return []


class ActionMisunderstoodFallback(Action):
    """Second misunderstanding in a row: hand off to a social worker; otherwise just say so."""

    def name(self) -> str:
        """Rasa's reserved name, called by the two-stage loop when it gives up and by the core fallback."""
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Set `handoff_reason=misunderstood` and follow up with `action_handoff`, or utter the default."""
        if misunderstood_twice(tracker):
            return [SlotSet("handoff_reason", "misunderstood"), FollowupAction("action_handoff")]
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]
