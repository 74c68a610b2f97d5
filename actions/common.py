"""Helpers every action module uses: reply language and bilingual text selection."""

from __future__ import annotations

from rasa_sdk import Tracker

from kb.render import pick, ui_text

__all__ = ["DEFAULT_LANGUAGE", "SUPPORTED_LANGUAGES", "pick", "reply_language", "ui_text"]

SUPPORTED_LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def reply_language(tracker: Tracker) -> str:
    """The language the user should be answered in (the `language` slot, zh by default)."""
    value = tracker.get_slot("language")
    return value if value in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
