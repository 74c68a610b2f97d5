"""Label helpers shared by the evaluation: service line of an intent and language of a text."""

from __future__ import annotations

from nlu.language import detect_language

# Prefix contract (docs/contracts.md): the report maps intents to service lines by prefix.
SERVICE_LINE_BY_PREFIX = {
    "consumer_": "consumer_rights",
    "merchant_": "merchant_strategy",
    "streamer_": "streamer_wellbeing",
    "safety_": "crisis",
}
SERVICE_LINES = ("consumer_rights", "merchant_strategy", "streamer_wellbeing", "crisis", "other")


def service_line_of(intent: str) -> str:
    """Service-line label of an intent ("consumer_counterfeit" → "consumer_rights"; greet → "other")."""
    for prefix, label in SERVICE_LINE_BY_PREFIX.items():
        if intent.startswith(prefix):
            return label
    return "other"


def language_of(text: str) -> str:
    """zh / en for per-language scores; messages with no signal ("ok", "5") count as "und"."""
    return detect_language(text) or "und"
