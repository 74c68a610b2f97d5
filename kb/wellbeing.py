"""Wellbeing check-in (Kessler K6): item list, answer scoring, banded non-diagnostic feedback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.knowledge import document
from kb.render import Answer, message, numbered, pick, with_cites


def instrument() -> dict[str, Any]:
    """The K6 definition from knowledge/streamer/wellbeing.yml."""
    return dict(document("streamer/wellbeing.yml")["instrument"])


def item_ids() -> list[str]:
    """Slot names of the six questions, in order."""
    return [item["id"] for item in instrument()["items"]]


def score_for_rating(rating: str) -> int | None:
    """The 0–4 item score for a button answer "1".."5", or None for anything else."""
    return next((answer["score"] for answer in instrument()["answers"] if answer["rating"] == str(rating)), None)


@dataclass(frozen=True)
class Result:
    """A check-in outcome: total score, how many items were answered, and the band it falls in."""

    score: int
    answered: int
    band: dict[str, Any]


def score(answers: Mapping[str, str | None]) -> Result:
    """Sum the item scores of the answered questions and find the band (skipped items count as 0)."""
    scores = [score_for_rating(value) for value in answers.values() if value is not None]
    total = sum(s for s in scores if s is not None)
    band = next(b for b in instrument()["bands"] if b["min"] <= total <= b["max"])
    return Result(score=total, answered=sum(s is not None for s in scores), band=band)


def feedback(result: Result, language: str, hours_or_pay_mentioned: bool) -> Answer:
    """Warm feedback for the band, coping steps, the labour-rights angle when relevant, and resources."""
    data = document("streamer/wellbeing.yml")
    bubbles = [str(pick(result.band["feedback"], language)).format(score=result.score)]
    coping = [str(pick(step, language)) for step in data["coping"]]
    bubbles.append(message("wellbeing_coping_heading", language) + "\n" + numbered(coping))
    if hours_or_pay_mentioned:
        angle = data["labour_angle"]
        bubbles.append(with_cites(str(pick(angle["text"], language)), angle.get("cite", []), language))
    resources = "\n".join(f"• {pick(line, language)}" for line in data["resources"])
    bubbles.append(message("wellbeing_resources_heading", language) + "\n" + resources)
    bubbles.append(message("wellbeing_not_diagnosis", language))
    answer = Answer(bubbles=bubbles)
    if result.band["offer_human"]:
        answer.handoff_reason = "wellbeing_high_score"
        answer.handoff_text = message("wellbeing_offer_human", language)
    return answer
