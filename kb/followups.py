"""Answers to follow-up questions about a case under way (knowledge/followups.yml); pure, no Rasa."""

from __future__ import annotations

from typing import Any

from kb.knowledge import document
from kb.render import Statement, numbered, pick, step_statements, ui_text
from kb.specs import FOLLOWUP_KINDS

FOLLOWUPS_FILE = "followups.yml"
TRANSLATE = "translate"
# Intent → kind of follow-up (nlu/intents.yml); the kinds are the keys of knowledge/followups.yml.
INTENT_KINDS = {f"followup_{kind}": kind for kind in FOLLOWUP_KINDS if kind != "more"} | {"ask_translate": TRANSLATE}


def _data() -> dict[str, Any]:
    data: dict[str, Any] = document(FOLLOWUPS_FILE)
    return data


def kind_for_intent(intent: str) -> str | None:
    """The kind of follow-up an intent asks ("followup_proof" → "proof"), or None for other intents."""
    return INTENT_KINDS.get(intent)


def cued_kinds(text: str) -> list[str]:
    """Kinds of question whose cue words appear in `text`, in file order (a message may ask two things)."""
    lowered = text.lower()
    cues: dict[str, list[str]] = _data()["cues"]
    return [kind for kind, words in cues.items() if any(word.lower() in lowered for word in words)]


def followup_statements(topic_id: str, service_line: str | None, kind: str, language: str) -> list[Statement]:
    """The cited answer to a `kind` question about `topic_id`, else the service line's general answer."""
    data = _data()
    steps = data["topics"].get(topic_id, {}).get(kind)
    if steps is None and service_line:
        steps = data["general"].get(service_line, {}).get(kind)
    return step_statements(steps or [], language)


def has_topic_answer(topic_id: str, kind: str) -> bool:
    """True when the topic itself (not only its service line) answers this kind of question."""
    return kind in _data()["topics"].get(topic_id, {})


def specific_question(topic_id: str, language: str) -> str:
    """The one question that moves this topic forward when there is nothing new to say."""
    ask = _data()["topics"].get(topic_id, {}).get("ask")
    return str(pick(ask, language)) if ask else ui_text("repeat.generic_question", language)


def kind_label(kind: str, language: str) -> str:
    """The heading word of a kind of answer ("怎么证明", "How to prove it")."""
    return str(pick(_data()["kinds"][kind], language))


def followup_text(topic_title: str, kind: str, statements: list[Statement], language: str) -> str:
    """The heading naming the topic and the question, then the numbered, cited statements."""
    heading = ui_text("followup.heading", language).format(topic=topic_title, kind=kind_label(kind, language))
    return heading + "\n" + numbered(statement.render(language) for statement in statements)
