"""Rasa component: the graded risk assessment (nlu/risk.py) overrides the intent when a person may be at risk.

Runs last in the pipeline (after FallbackClassifier), so a crisis overrides everything, nlu_fallback included:
- high or imminent → `safety_suicide_risk` / `safety_danger_to_others` (the crisis action);
- concern → `safety_concern` (acknowledge the feeling, then a direct check-in);
- the intent classifier's own `safety_*` guess counts as high only when confident and not everyday hyperbole;
  otherwise the best non-safety intent replaces it.
The assessment is kept in the parse output under `risk` (level, kind, signals with their words) so actions, the
case and the evaluation see why; the intent ranking keeps the practical problem for after the check-in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.sentence_featurizer import E5_VECTOR
from nlu.components.untrained import UntrainedComponent
from nlu.risk import RiskAssessment, RiskSignal, assess_risk, combine
from nlu.safety import mentions_hyperbole

SAFETY_PREFIX = "safety_"
FALLBACK_INTENT = "nlu_fallback"
CONCERN_INTENT = "safety_concern"


def intent_for(risk: RiskAssessment) -> str | None:
    """The intent a risk level routes to (None: no override)."""
    if risk.is_crisis:
        return "safety_danger_to_others" if risk.kind == "danger_to_others" else "safety_suicide_risk"
    if risk.level == "concern":
        return CONCERN_INTENT
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyOverride(UntrainedComponent):
    """Overrides the predicted intent by risk level and records the assessment under `risk`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`classifier_threshold`: confidence a `safety_*` intent prediction needs to count as high;
        `fallback_threshold`: a demoted prediction below this becomes `nlu_fallback` (match FallbackClassifier).
        """
        return {"classifier_threshold": 0.8, "fallback_threshold": 0.12}

    def __init__(self, config: dict[str, Any]) -> None:
        self._classifier_threshold = float(config["classifier_threshold"])
        self._fallback_threshold = float(config["fallback_threshold"])

    def process(self, messages: list[Message]) -> list[Message]:
        """Assess each message and apply the override."""
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = str(message.get(TEXT) or "")
        intent = message.get(INTENT) or {}
        ranking: list[dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        risk = assess_risk(text, vector=message.get(E5_VECTOR))
        predicted = str(intent.get(INTENT_NAME_KEY) or "")
        confident = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self._classifier_threshold
        crisis_intent = predicted.startswith(SAFETY_PREFIX) and predicted != CONCERN_INTENT
        if crisis_intent and confident and not mentions_hyperbole(text):
            kind = "danger_to_others" if predicted == "safety_danger_to_others" else "suicide_risk"
            risk = replace(
                combine([*risk.signals, RiskSignal("high", kind, "intent", predicted, "intent")], risk.score),
                unreachable=risk.unreachable,
            )
        message.set("risk", risk.as_dict(), add_to_output=True)
        new_intent = intent_for(risk)
        if new_intent is None and predicted.startswith(SAFETY_PREFIX):
            # The classifier guessed a safety intent the assessment does not support: use the best other one.
            new_intent = next(
                (r[INTENT_NAME_KEY] for r in ranking if not r[INTENT_NAME_KEY].startswith(SAFETY_PREFIX)), None
            )
            if new_intent is None or _confidence_of(new_intent, ranking) < self._fallback_threshold:
                new_intent = FALLBACK_INTENT
        if not new_intent or new_intent == predicted:
            return
        overridden = new_intent.startswith(SAFETY_PREFIX)
        confidence = 1.0 if overridden else max(_confidence_of(new_intent, ranking), self._fallback_threshold)
        chosen = {INTENT_NAME_KEY: new_intent, PREDICTED_CONFIDENCE_KEY: confidence}
        rest = [r for r in ranking if r.get(INTENT_NAME_KEY) != new_intent]
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)


def _confidence_of(name: str, ranking: list[dict[str, Any]]) -> float:
    return float(next((r.get(PREDICTED_CONFIDENCE_KEY, 0.0) for r in ranking if r.get(INTENT_NAME_KEY) == name), 0.0))
