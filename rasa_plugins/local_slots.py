"""Custom slot mappings the Rasa server runs in-process instead of calling the action server (rasa env).

Why: `action_detect_language` fills the `language` slot on every user turn; as a remote action it cost a round
trip per turn (the whole tracker as JSON both ways, the answer validated; ~1.2 of ~2.5 action calls per turn,
reports/bench/lean_turn.md). Its decision is a pure function (actions/language_slot.py) that the action
server's ActionDetectLanguage also runs, so both give the same slot events.
"""

from __future__ import annotations

from collections.abc import Callable

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.language_slot import next_language

_ORIGINAL_RUN_CUSTOM = ActionExtractSlots._run_custom_action


def language_events(tracker: DialogueStateTracker) -> list[Event]:
    """The slot events of `action_detect_language` for the latest user message."""
    texts = [event.text or "" for event in tracker.events if isinstance(event, UserUttered)]
    latest = tracker.latest_message.text if tracker.latest_message else ""
    locked = bool(tracker.get_slot("language_locked"))
    chosen = next_language(texts[:-1], latest or "", tracker.get_slot("language"), locked)
    return [SlotSet("language", chosen)] if chosen else []


LOCAL_MAPPINGS: dict[str, Callable[[DialogueStateTracker], list[Event]]] = {"action_detect_language": language_events}


async def _run_custom_action(self: ActionExtractSlots, custom_action: str, *args: object) -> list[Event]:
    local = LOCAL_MAPPINGS.get(custom_action)
    if local is None:
        return await _ORIGINAL_RUN_CUSTOM(self, custom_action, *args)  # type: ignore[arg-type]
    tracker = args[2]
    assert isinstance(tracker, DialogueStateTracker)
    return local(tracker)


def install() -> None:
    """Install in this process (before the server handles messages)."""
    ActionExtractSlots._run_custom_action = _run_custom_action  # type: ignore[method-assign, assignment]
