"""Service line of an intent, by the prefix contract of docs/contracts.md (pure; used by NLU and evaluation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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


# A concern-level message gets the check-in first; its practical problem (wages, refund) comes afterwards: the
# best problem intent the classifier gave any real weight. The runtime (actions/safety.py) and the evaluation
# both read it here, so the report routes such a message where the person is actually taken.
PRACTICAL_PREFIXES = ("consumer_", "merchant_", "streamer_")
PRACTICAL_MIN_CONFIDENCE = 0.05


def practical_problem(intent_ranking: Sequence[Mapping[str, Any]]) -> str | None:
    """The first problem intent (consumer_/merchant_/streamer_) in a parse ranking with weight, else None."""
    for ranked in intent_ranking:
        name = str(ranked.get("name") or "")
        if name.startswith(PRACTICAL_PREFIXES) and float(ranked.get("confidence") or 0) >= PRACTICAL_MIN_CONFIDENCE:
            return name
    return None
