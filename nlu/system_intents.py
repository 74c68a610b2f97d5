"""Intents only the system sends (a social worker closing a case sends EXTERNAL_case_closed through
trigger_intent): no typed message may be read as one, whatever the classifier scores. Pure, no Rasa."""

from __future__ import annotations

from typing import Any

SYSTEM_PREFIX = "EXTERNAL_"


def is_system_intent(name: str | None) -> bool:
    """True for an intent reserved for the system."""
    return str(name or "").startswith(SYSTEM_PREFIX)


def without_system_intents(
    intent: dict[str, Any], ranking: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The intent and ranking with system intents taken out (the next best intent leads), or None when there
    is nothing to take out."""
    if not is_system_intent(intent.get("name")) and not any(is_system_intent(r.get("name")) for r in ranking):
        return None
    kept = [ranked for ranked in ranking if not is_system_intent(ranked.get("name"))]
    if not is_system_intent(intent.get("name")):
        return intent, kept
    return (dict(kept[0]) if kept else {"name": "nlu_fallback", "confidence": 1.0}), kept
