"""Wellbeing check-ins (Kessler K6, WHO-5): item lists, answer scoring, banded non-diagnostic feedback."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kb.knowledge import document
from kb.render import Answer, message, numbered, pick, with_cites

# Instrument id → its key in knowledge/streamer/wellbeing.yml (K6 is the default check-in).
INSTRUMENTS = {"k6": "instrument", "who5": "who5"}
DEFAULT_INSTRUMENT = "k6"


def instrument(name: str = DEFAULT_INSTRUMENT) -> dict[str, Any]:
    """A check-in's definition (items, answers, bands) from knowledge/streamer/wellbeing.yml."""
    key = INSTRUMENTS.get(name, INSTRUMENTS[DEFAULT_INSTRUMENT])
    return dict(document("streamer/wellbeing.yml")[key])


def item_ids(name: str = DEFAULT_INSTRUMENT) -> list[str]:
    """Slot names of the check-in's questions, in order."""
    return [item["id"] for item in instrument(name)["items"]]


def all_item_ids() -> list[str]:
    """The questions of every check-in (each has its own slot and ask action)."""
    return [item for name in INSTRUMENTS for item in item_ids(name)]


def instrument_of_item(item_id: str) -> str:
    """Which check-in a question belongs to."""
    return next(name for name in INSTRUMENTS if item_id in item_ids(name))


def score_for_rating(rating: str, name: str = DEFAULT_INSTRUMENT) -> int | None:
    """The item score for a button answer ("1".."5" for K6, "1".."6" for WHO-5), or None for anything else."""
    return next((a["score"] for a in instrument(name)["answers"] if a["rating"] == str(rating)), None)


@dataclass(frozen=True)
class Result:
    """A check-in outcome: total score, how many items were answered, and the band it falls in."""

    score: int
    answered: int
    band: dict[str, Any]


def score(answers: Mapping[str, str | None], name: str = DEFAULT_INSTRUMENT) -> Result:
    """Sum the item scores of the answered questions and find the band (skipped items count as 0).

    The band is found on the raw sum; the score shown is scaled where the instrument says so (WHO-5: ×4).
    """
    data = instrument(name)
    scores = [score_for_rating(value, name) for value in answers.values() if value is not None]
    total = sum(s for s in scores if s is not None)
    band = next(b for b in data["bands"] if b["min"] <= total <= b["max"])
    shown = total * int(data.get("scale_multiplier", 1))
    return Result(score=shown, answered=sum(s is not None for s in scores), band=band)


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
