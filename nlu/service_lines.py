"""Service line of an intent, by the prefix contract of docs/contracts.md (pure; used by NLU and evaluation)."""

from __future__ import annotations

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
