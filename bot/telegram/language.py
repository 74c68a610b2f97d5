"""Which language to use for the channel's own texts to one person."""

from __future__ import annotations

from typing import Any

from telegram import Update

from nlu.language import detect_language, language_switch

LANGUAGE_KEY = "language"


def language_of(update: Update, user_data: dict[Any, Any] | None) -> str:
    """The person's chosen or last detected language, else their Telegram app language (zh by default)."""
    if user_data and user_data.get(LANGUAGE_KEY) in ("zh", "en"):
        return str(user_data[LANGUAGE_KEY])
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "en" if code.lower().startswith("en") else "zh"


def remember_language(user_data: dict[Any, Any] | None, text: str) -> None:
    """Follow the person's language as Rasa does: the first message with a signal sets it, later only a sentence
    in the other language switches it ("ok", numbers and buttons change nothing)."""
    if user_data is None:
        return
    current = user_data.get(LANGUAGE_KEY)
    detected = language_switch(text, current) if current in ("zh", "en") else detect_language(text)
    if detected:
        user_data[LANGUAGE_KEY] = detected
