"""Is a message only an answer to the case under way (a date, a platform, the evidence kept)? Pure, no Rasa.

The intent classifier reads "两天前收到的" or "only the order screenshot" as new consumer problems; once a case is
open these messages must update its facts instead of opening a problem or a topic (knowledge/fact_answers.yml).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kb.casework.facts import raised_flags
from kb.knowledge import document
from kb.loader import KNOWLEDGE_DIR

FACT_ANSWERS = "fact_answers.yml"


@lru_cache(maxsize=4)
def _compiled(mtime_ns: int) -> tuple[list[re.Pattern[str]], set[str], set[str], int]:
    data: dict[str, Any] = document(FACT_ANSWERS)
    patterns = [re.compile(p) for p in data["patterns"]]
    return patterns, set(data["context_flags"]), set(data.get("update_flags", [])), int(data["max_chars"])


def _rules() -> tuple[list[re.Pattern[str]], set[str], set[str], int]:
    return _compiled((KNOWLEDGE_DIR / FACT_ANSWERS).stat().st_mtime_ns)


def names_a_problem(text: str) -> bool:
    """True when the words themselves raise a problem the casework knows (a flag other than the setting)."""
    _, context, _, _ = _rules()
    return bool(raised_flags(text) - context)


def is_fact_answer(text: str) -> bool:
    """True when `text` only gives facts (when, where, what was kept, what the other side did next) and names
    no problem of its own."""
    patterns, context, updates, longest = _rules()
    lowered = text.strip().lower()
    if not lowered or lowered.startswith("/") or len(lowered) > longest:
        return False
    return any(p.search(lowered) for p in patterns) and not raised_flags(lowered) - context - updates
