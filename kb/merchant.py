"""Merchant answers: which topics a message is about (cues in knowledge/merchant/topics.yml, most urgent first)
and the licence steps for the product class it names (knowledge/merchant/licences.yml)."""

from __future__ import annotations

import re
from typing import Any

from kb.compliance.rules import classify
from kb.compliance.texts import text
from kb.knowledge import document
from kb.render import Answer, Statement, caveats, message, pick, procedure, step_statements

MAX_TOPICS = 3
# With several topics in one answer, each shows this many steps; asking about one topic gives all of its steps.
STEPS_PER_TOPIC_WHEN_SEVERAL = 5


def merchant_topics() -> list[dict[str, Any]]:
    """Every merchant topic, in file (urgency) order."""
    return list(document("merchant/topics.yml")["topics"])


def topics_for(message_text: str, intent: str) -> list[dict[str, Any]]:
    """The topics whose cues the message matches (at most MAX_TOPICS, most urgent first); otherwise the intent's
    default topic (its first topic without cues); [] when the intent has none."""
    cued = cued_topics(message_text)
    if not cued:
        default = _default_topic(intent)
        return [default] if default else []
    # A specific topic covers the general ones it includes (an empty return's appeal is not a penalty's).
    covered = {name for topic in cued for name in topic.get("covers", [])}
    chosen = [topic for topic in cued if topic["id"] not in covered]
    # A topic its not_cues ruled out ("没人看", but "投了2000千川") leaves its intent's general topic in its place.
    for topic in ruled_out_topics(message_text):
        general = _default_topic(topic["intent"])
        if general and not any(other["intent"] == topic["intent"] for other in chosen):
            chosen.append(general)
    return chosen[:MAX_TOPICS]


def _default_topic(intent: str) -> dict[str, Any] | None:
    """The intent's general topic: its first topic without cues (or its first topic)."""
    of_intent = [topic for topic in merchant_topics() if topic["intent"] == intent]
    return next((topic for topic in of_intent if not topic.get("cues")), of_intent[0] if of_intent else None)


def _matches(topic: dict[str, Any], key: str, message_text: str) -> bool:
    return bool(topic.get(key)) and re.search(topic[key], message_text, flags=re.IGNORECASE) is not None


def ruled_out_topics(message_text: str) -> list[dict[str, Any]]:
    """Topics whose cues the message matches but whose not_cues rule them out."""
    return [t for t in merchant_topics() if _matches(t, "cues", message_text) and _matches(t, "not_cues", message_text)]


def cued_topics(message_text: str) -> list[dict[str, Any]]:
    """The topics whose cues the message itself matches (none: the intent's default topic is not a cue)."""
    return [
        topic
        for topic in merchant_topics()
        if _matches(topic, "cues", message_text) and not _matches(topic, "not_cues", message_text)
    ]


def licence_steps(message_text: str, language: str, category: str | None = None) -> tuple[str, list[Statement]]:
    """The product class named in the message (or its name as unknown) and its licence steps; the overview of
    every class when the message names none."""
    licences = document("merchant/licences.yml")
    product = classify(message_text, category)
    steps = licences["by_class"].get(product.id) if product else None
    if product is None or steps is None:
        return "", step_statements(licences["overview"], language)
    return product.name(language), step_statements(steps, language)


def _statements(
    topic: dict[str, Any], message_text: str, language: str, category: str | None
) -> tuple[str, list[Statement]]:
    title = str(pick(topic["title"], language))
    own = step_statements(topic["steps"], language)
    if not topic.get("by_product"):
        return title, own
    product, steps = licence_steps(message_text, language, category)
    return (f"{title}：{product}" if language == "zh" else f"{title}: {product}") if product else title, steps + own


def merchant_answer(message_text: str, intent: str, language: str, category: str | None = None) -> Answer | None:
    """Numbered, cited steps for every topic the message raises, one footer, and a hand-over offer when a topic
    has one; None when nothing matches."""
    chosen = topics_for(message_text, intent)
    if not chosen:
        return None
    bubbles: list[str] = []
    cites: list[str] = []
    titles: list[str] = []
    several = len(chosen) > 1
    cut = False
    for topic in chosen:
        title, statements = _statements(topic, message_text, language, category)
        if several and len(statements) > STEPS_PER_TOPIC_WHEN_SEVERAL:
            statements, cut = statements[:STEPS_PER_TOPIC_WHEN_SEVERAL], True
        titles.append(title)
        bubbles.append(procedure(title, statements, language))
        cites += [cid for statement in statements for cid in statement.cites]
    if several:
        joiner = "、" if language == "zh" else ", "
        bubbles.insert(
            0, text("topics_heard", language, titles=joiner.join(f"「{t}」" if language == "zh" else t for t in titles))
        )
    footer = [*caveats(cites, language), message("not_legal_advice", language)]
    if cut:
        footer.insert(0, text("topics_more_steps", language, example=titles[0]))
    bubbles.append("\n".join(footer))
    answer = Answer(bubbles=bubbles, covers=list(dict.fromkeys(topic["intent"] for topic in chosen)))
    offer = next((topic["offer_human"] for topic in chosen if topic.get("offer_human")), None)
    if offer:
        answer.handoff_reason = offer["reason"]
        answer.handoff_text = str(pick(offer["text"], language))
    return answer
