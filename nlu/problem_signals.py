"""Which intents are problems and how urgent each is (pure; read by the problem detector and the actions).

The lists live in `nlu/signals/problems.yml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SIGNALS_FILE = Path(__file__).parent / "signals" / "problems.yml"


@lru_cache(maxsize=1)
def problem_signals() -> dict[str, Any]:
    """Problem prefixes, threshold grid and urgency order."""
    data: dict[str, Any] = yaml.safe_load(SIGNALS_FILE.read_text(encoding="utf-8"))
    return data


def is_problem(intent: str) -> bool:
    """True for the intents that name a problem (consumer_, merchant_, streamer_)."""
    return intent.startswith(tuple(problem_signals()["problem_prefixes"]))


def by_urgency(intents: Iterable[str]) -> list[str]:
    """The intents, most urgent first (unlisted ones last, in their given order), without repeats."""
    order = {name: rank for rank, name in enumerate(problem_signals()["urgency"])}
    unique = list(dict.fromkeys(intents))
    return sorted(unique, key=lambda name: order.get(name, len(order)))
