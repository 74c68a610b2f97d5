"""Rasa component: crisis detection that overrides the intent so `/model/parse` reports `safety_*`.

Runs last in the pipeline (after FallbackClassifier). Two sources:
1. the lexicon detector `nlu.safety.assess` (explicit and coded expressions, hyperbole removed) always wins;
2. without a lexicon match, a classifier prediction of `safety_*` stands only when it is confident
   (`classifier_threshold`) and the message is not everyday hyperbole ("累死了", "this fee is killing me");
   otherwise the best non-safety intent replaces it. Long emotional stories about overwork or sadness look
   like crisis to the classifier; the lexicon is what carries recall, the classifier only adds paraphrases.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.untrained import UntrainedComponent
from nlu.safety import assess, mentions_hyperbole

SAFETY_PREFIX = "safety_"
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyOverride(UntrainedComponent):
    """Overrides the predicted intent with `safety_suicide_risk` / `safety_danger_to_others` when needed."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`classifier_threshold`: confidence a `safety_*` prediction needs when the lexicon found nothing;
        `fallback_threshold`: a demoted prediction below this becomes `nlu_fallback` (match FallbackClassifier).
        """
        return {"classifier_threshold": 0.8, "fallback_threshold": 0.12}

    def __init__(self, config: dict[str, Any]) -> None:
        self._classifier_threshold = float(config["classifier_threshold"])
        self._fallback_threshold = float(config["fallback_threshold"])

    def process(self, messages: list[Message]) -> list[Message]:
        """Apply the override to each message and record the verdict under `safety` in the parse output."""
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        intent = message.get(INTENT) or {}
        ranking: list[dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        verdict = assess(text)
        source: str | None = None
        if verdict.intent:
            new_intent, source = verdict.intent, "lexicon"
        else:
            new_intent = self._from_classifier(text, intent, ranking)
            kept_safety = new_intent is None and str(intent.get(INTENT_NAME_KEY, "")).startswith(SAFETY_PREFIX)
            source = "classifier" if kept_safety else None
        message.set(
            "safety",
            {"kind": verdict.kind, "matched": verdict.matched, "rule": verdict.rule, "source": source},
            add_to_output=True,
        )
        if not new_intent or new_intent == intent.get(INTENT_NAME_KEY):
            return
        confidence = 1.0 if source == "lexicon" else _confidence_of(new_intent, ranking)
        if source != "lexicon" and confidence < self._fallback_threshold:
            # The classifier's crisis guess was vetoed and what is left is too weak to act on.
            new_intent, confidence = FALLBACK_INTENT, self._fallback_threshold
        chosen = {INTENT_NAME_KEY: new_intent, PREDICTED_CONFIDENCE_KEY: confidence}
        rest = [r for r in ranking if r.get(INTENT_NAME_KEY) != new_intent]
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)

    def _from_classifier(self, text: str, intent: dict[str, Any], ranking: list[dict[str, Any]]) -> str | None:
        """The intent to use when the lexicon found nothing (None = keep the classifier's)."""
        name = intent.get(INTENT_NAME_KEY) or ""
        if not name.startswith(SAFETY_PREFIX):
            return None
        confident = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self._classifier_threshold
        if confident and not mentions_hyperbole(text):
            return None
        return next((r[INTENT_NAME_KEY] for r in ranking if not r[INTENT_NAME_KEY].startswith(SAFETY_PREFIX)), None)


def _confidence_of(name: str, ranking: list[dict[str, Any]]) -> float:
    return float(next((r.get(PREDICTED_CONFIDENCE_KEY, 0.0) for r in ranking if r.get(INTENT_NAME_KEY) == name), 0.0))
