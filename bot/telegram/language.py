"""Which language to use for the channel's own texts to one person."""

from __future__ import annotations

from typing import Any

from telegram import Update

from nlu.language import detect_language

LANGUAGE_KEY = "language"


def language_of(update: Update, user_data: dict[Any, Any] | None) -> str:
    """The person's chosen or last detected language, else their Telegram app language (zh by default)."""
    if user_data and user_data.get(LANGUAGE_KEY) in ("zh", "en"):
        return str(user_data[LANGUAGE_KEY])
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "en" if code.lower().startswith("en") else "zh"


def remember_language(user_data: dict[Any, Any] | None, text: str) -> None:
    """Follow the language of what the person writes, as Rasa does (messages without a signal change nothing)."""
    detected = detect_language(text)
    if detected and user_data is not None:
        user_data[LANGUAGE_KEY] = detected
