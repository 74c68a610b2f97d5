"""Helpers every action module uses: reply language and bilingual text selection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

SUPPORTED_LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def reply_language(tracker: Tracker) -> str:
    """The language the user should be answered in (the `language` slot, zh by default)."""
    value = tracker.get_slot("language")
    return value if value in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def pick(texts: Mapping[str, Any], language: str) -> Any:
    """Choose the entry for `language` from a {"zh": …, "en": …} mapping, falling back to Chinese."""
    if language in texts:
        return texts[language]
    return texts[DEFAULT_LANGUAGE]


def ui_text(key: str, language: str) -> str:
    """A short interface text from knowledge/ui.yml; `key` may be dotted ("menu_intro.consumer")."""
    from kb.loader import load_yaml  # local import keeps this module light for tests that stub kb

    node: Any = load_yaml("ui.yml")
    for part in key.split("."):
        node = node[part]
    return str(pick(node, language))
