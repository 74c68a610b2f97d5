"""Handoff data from knowledge/handoff.yml: reason priorities, timing policy and texts (data, not code)."""

from __future__ import annotations

import os
from typing import Any

from kb.knowledge import document
from store.models import Priority


def _handoff() -> dict[str, Any]:
    data: dict[str, Any] = document("handoff.yml")
    return data


def _in_language(texts: dict[str, Any], language: str) -> str:
    return str(texts.get(language) or texts["zh"])


def priority_for(reason: str) -> Priority:
    """The priority a handoff reason gets (brief §6); unknown reasons get the default."""
    data = _handoff()
    return Priority(data["reasons"].get(reason, data["default_priority"]))


def policy_value(key: str) -> int:
    """A number from the `policy` section; HOTLINE_<KEY> in the environment overrides it."""
    override = os.environ.get(f"HOTLINE_{key.upper()}")
    return int(override) if override else int(_handoff()["policy"][key])


def text(key: str, language: str, **values: Any) -> str:
    """A person-facing handoff text in `language` (Chinese when missing), filled with `values`."""
    return _in_language(_handoff()["texts"][key], language).format(**values)


def typical_wait(priority: str, language: str) -> str:
    """How long a case of `priority` usually waits, as told to the person."""
    return _in_language(_handoff()["typical_wait"][priority], language)


def worker_text(key: str, **values: Any) -> str:
    """A worker-facing text (alerts) filled with `values`."""
    return str(_handoff()["worker"][key]).format(**values)


def summary_labels() -> dict[str, Any]:
    """Labels of the worker summary."""
    labels: dict[str, Any] = _handoff()["worker"]["summary"]
    return labels


def crisis_reply(kind: str, language: str, level: str = "high", someone_else: bool = False) -> str:
    """The short crisis reply with every hotline, in `language`: `imminent` puts 120/110 first; otherwise by
    `kind` (suicide_risk or danger_to_others). `someone_else`: the writer reports another person at risk, so the
    reply says first how to get that person help (and still speaks to a writer at risk)."""
    hotlines = document("hotlines.yml")
    language = language if language in ("zh", "en") else "zh"
    line_format = hotlines["line_format"][language]
    lines = "\n".join(line_format.format(number=line["number"], name=line[language]) for line in hotlines["lines"])
    replies = hotlines["crisis_reply"]
    key = "imminent" if level == "imminent" and kind != "danger_to_others" else kind
    if someone_else and kind != "danger_to_others":
        key = "third_party_imminent" if level == "imminent" else "third_party"
    template = replies.get(key, replies["suicide_risk"])[language]
    return str(template).format(hotlines=lines)


def section(name: str) -> Any:
    """One top-level section of knowledge/handoff.yml (risk, access, case_summary, callback…)."""
    return _handoff()[name]


def label(kind: str, code: str | None) -> str:
    """The worker-language label of a code: `kind` is reason_labels, priority_labels or risk_labels."""
    if not code:
        return str(_handoff()["worker"]["summary"]["none"])
    return str(_handoff()[kind].get(code, code))


def media_kind(kind: str, language: str) -> str:
    """What a media kind (photo, voice, sticker…) is called in `language`."""
    return _in_language(_handoff()["media_kinds"].get(kind, _handoff()["media_kinds"]["document"]), language)


def priority_for_risk(level: str) -> Priority:
    """The least priority a case with this risk level gets."""
    return Priority(_handoff()["risk"]["priority"].get(level, _handoff()["default_priority"]))
