"""Someone writing for a relative ("我妈在直播间当助播…"): how the reply names the relative, and the texts that
speak of them rather than of the writer (knowledge/casework/signals.yml `relatives`; `*_for_relative` keys)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kb.casework.facts import CaseFacts, signals


def relative_words(facts: CaseFacts, language: str) -> dict[str, str] | None:
    """{who}, {subj}, {obj}, {poss} for the relative the person writes for, or None when they write for themselves."""
    spec = signals()["relatives"].get(str(facts.values.get("writing_for") or ""))
    if not spec:
        return None
    if language == "zh":
        pronoun = spec["zh_pronoun"]
        return {"who": spec["zh"], "subj": pronoun, "obj": pronoun, "poss": f"{pronoun}的"}
    forms = signals()["en_pronoun_forms"][spec["en_pronoun"]]
    return {"who": spec["en"], "subj": forms["subject"], "obj": spec["en_pronoun"], "poss": forms["possessive"]}


def for_relative(spec: Mapping[str, Any], key: str, facts: CaseFacts) -> Any:
    """`spec[key]`, or its `<key>_for_relative` variant when the person writes for a relative and there is one."""
    if facts.values.get("writing_for") and f"{key}_for_relative" in spec:
        return spec[f"{key}_for_relative"]
    return spec[key]


def relatives_feelings(facts: CaseFacts) -> set[str]:
    """Feelings that, in a message about a relative, are the relative's ("她整晚睡不着"), not the writer's."""
    return set(signals()["relative_feelings"]) if facts.values.get("writing_for") else set()
