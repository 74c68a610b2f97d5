"""When a fallback is really several problems: the rule behind nlu/components/several_problems.py (no Rasa)."""

from __future__ import annotations

from typing import Any

FALLBACK_INTENT = "nlu_fallback"


def several_problems_intent(
    intent: dict[str, Any], ranking: list[dict[str, Any]], problems: list[dict[str, Any]], bar: float
) -> dict[str, Any] | None:
    """The intent to use instead of a fallback, or None when the fallback stands."""
    if intent.get("name") != FALLBACK_INTENT:
        return None
    best = [r for r in ranking if r.get("name") != FALLBACK_INTENT][:2]
    confident = {str(p.get("intent")) for p in problems if float(p.get("confidence") or 0.0) >= bar}
    if len(best) < 2 or not all(str(r.get("name")) in confident for r in best):
        return None
    return {"name": best[0]["name"], "confidence": best[0]["confidence"]}
