"""Rasa component: a message that is ambiguous because it carries several problems is not unclear.

FallbackClassifier turns a message into `nlu_fallback` when its two best intents are close ("11-hour days, my
agency docked ¥1,000 and wants a ¥50,000 penalty": burnout 0.36, unpaid wages 0.33). When the problem detector
is confident of both, the closeness is the message naming two problems, and "which one?" would drop one of them:
the best intent is restored and the casework answers every detected problem. Runs right after FallbackClassifier.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from nlu.components.untrained import UntrainedComponent
from nlu.several_problems import several_problems_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SeveralProblemsReader(UntrainedComponent):
    """Restores the best intent of a fallback whose two best intents are both confidently detected problems."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`problem_confidence`: how sure the problem detector must be of each of the two intents."""
        return {"problem_confidence": 0.5}

    def __init__(self, config: dict[str, Any]) -> None:
        self._problem_confidence = float(config["problem_confidence"])

    def process(self, messages: list[Message]) -> list[Message]:
        """Apply the rule to each message."""
        for message in messages:
            restored = several_problems_intent(
                message.get(INTENT) or {},
                list(message.get(INTENT_RANKING_KEY) or []),
                list(message.get("problems") or []),
                self._problem_confidence,
            )
            if restored is not None:
                message.set(INTENT, restored, add_to_output=True)
        return messages
