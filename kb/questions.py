"""The questions consultation forms ask (knowledge/questions.yml), as text and buttons in one language."""

from __future__ import annotations

from dataclasses import dataclass

from kb.knowledge import document
from kb.render import message, pick


@dataclass(frozen=True)
class Question:
    """A question ready to send: its text and (title, payload) buttons."""

    text: str
    buttons: list[tuple[str, str]]


def question_slots() -> list[str]:
    """Slots that have a question."""
    return list(document("questions.yml"))


def question(slot: str, language: str) -> Question:
    """The question for `slot`; buttons carry the slot's entity, and "don't know" sends the skip intent."""
    entry = document("questions.yml")[slot]
    buttons = [
        (str(pick(option, language)), f'/inform{{"{entry["entity"]}":"{option["value"]}"}}')
        for option in entry.get("buttons", [])
    ]
    if entry["skippable"]:
        buttons.append((message("skip_button", language), "/skip"))
    return Question(text=str(pick(entry["text"], language)), buttons=buttons)
