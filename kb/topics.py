"""Merchant and streamer topics: cited procedures read from knowledge/merchant and knowledge/streamer."""

from __future__ import annotations

from typing import Any

from kb.knowledge import document
from kb.render import Answer, caveats, message, pick, procedure, step_statements

TOPIC_FILES = ("merchant/topics.yml", "streamer/topics.yml", "family/topics.yml")


def topics() -> dict[str, dict[str, Any]]:
    """Every merchant and streamer topic by id."""
    return {topic["id"]: topic for name in TOPIC_FILES for topic in document(name)["topics"]}


def topic_for_intent(intent: str) -> dict[str, Any] | None:
    """The topic an intent (merchant_compliance, streamer_burnout …) opens, or None."""
    return next((topic for topic in topics().values() if topic["intent"] == intent), None)


def topic_answer(topic_id: str, language: str) -> Answer:
    """A topic's numbered, cited steps, caveats, the not-legal-advice note and any hand-over offer."""
    topic = topics()[topic_id]
    steps = step_statements(topic["steps"], language)
    footer = [*caveats([cid for step in steps for cid in step.cites], language), message("not_legal_advice", language)]
    answer = Answer(bubbles=[procedure(pick(topic["title"], language), steps, language), "\n".join(footer)])
    offer = topic.get("offer_human")
    if offer:
        answer.handoff_reason = offer["reason"]
        answer.handoff_text = str(pick(offer["text"], language))
    return answer
