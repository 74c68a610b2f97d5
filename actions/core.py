"""Conversation basics: language detection and switching, and the service-line menu."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import SUPPORTED_LANGUAGES, reply_language, ui_text
from actions.consultation import HANDOFF_BUTTON_PAYLOAD, handoff_button
from actions.language_slot import next_language
from kb.menus import SERVICE_LINES, MenuItem, service_lines, service_menu
from kb.render import first_step
from nlu.language import detect_language


class ActionDetectLanguage(Action):
    """Custom slot mapping run on every user turn: the language is the person's, switched only by them
    (actions/language_slot.py; the Rasa server normally runs it in-process, this serves any other caller)."""

    def name(self) -> str:
        return "action_detect_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        earlier = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][:-1]
        text = tracker.latest_message.get("text") or ""
        chosen = next_language(earlier, text, tracker.get_slot("language"), bool(tracker.get_slot("language_locked")))
        return [SlotSet("language", chosen)] if chosen else []


class ActionSetLanguage(Action):
    """The user chose a language ("/lang en", "请说中文", "English please"): lock replies to it."""

    def name(self) -> str:
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        chosen = next(tracker.get_latest_entity_values("language"), None)
        if chosen not in SUPPORTED_LANGUAGES:
            chosen = detect_language(tracker.latest_message.get("text") or "") or reply_language(tracker)
        # The slot change is applied after this action, so the confirmation is chosen here, not by the
        # response's slot condition.
        dispatcher.utter_message(text=ui_text("language_set", chosen))
        return [SlotSet("language", chosen), SlotSet("language_locked", True)]


class ActionShowServiceMenu(Action):
    """Show the topics of the chosen service line as buttons (or the three lines when none is chosen)."""

    def name(self) -> str:
        return "action_show_service_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        language = reply_language(tracker)
        line = next(tracker.get_latest_entity_values("service_line"), None) or tracker.get_slot("service_line")
        if tracker.latest_message.get("intent", {}).get("name") == "greet" or line not in SERVICE_LINES:
            dispatcher.utter_message(
                text=ui_text("menu_intro.none", language), buttons=_buttons(service_lines(), language)
            )
            return []
        dispatcher.utter_message(
            text=ui_text(f"menu_intro.{line}", language), buttons=_buttons(service_menu(line), language)
        )
        return [SlotSet("service_line", line)]


class ActionAnswerYes(Action):
    """A plain "yes"/"好的" outside a form: take up a social worker if the bot just offered one."""

    def name(self) -> str:
        return "action_answer_yes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if _last_bot_message_offered_a_human(tracker):
            return [FollowupAction("action_handoff")]
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionNextStep(Action):
    """ "What should I do first?" after an answer: repeat its first step and offer a social worker.

    The step is read back from the bot's last answer, so it works for every topic without a per-topic table.
    """

    def name(self) -> str:
        return "action_next_step"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        language = reply_language(tracker)
        step = _first_step_of_last_answer(tracker)
        if step is None:
            dispatcher.utter_message(text=ui_text("next_step.none", language))
            return []
        dispatcher.utter_message(
            text=ui_text("next_step.found", language).format(step=step),
            buttons=handoff_button(language),
        )
        return []


def _first_step_of_last_answer(tracker: Tracker) -> str | None:
    """Step 1 of the most recent numbered answer the bot gave."""
    texts = (str(e.get("text") or "") for e in reversed(tracker.events) if e.get("event") == "bot")
    return next((step for step in map(first_step, texts) if step is not None), None)


def _last_bot_message_offered_a_human(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            return any(button.get("payload") == HANDOFF_BUTTON_PAYLOAD for button in buttons)
    return False


def _buttons(items: list[MenuItem], language: str) -> list[dict[str, str]]:
    return [{"title": item.title(language), "payload": item.payload} for item in items]
