"""Rasa component: the shape of a message (emoji only, one word, unreadable) as `shape` in `/model/parse`.

Classifiers trained on sentences guess wildly on "😭😭😭" or "？？？", so such messages become `nlu_fallback`,
where the fallback answers them warmly and specifically (actions/fallback.py). A hurting emoji with words of
self-harm ("🔪 割自己") is a crisis. Emoji that answer on their own (👍, 🙏) are left to the classifier.
Runs after FallbackClassifier and before SafetyOverride, which keeps a confident crisis intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.untrained import UntrainedComponent
from nlu.message_shape import answers_on_its_own, is_short_guess, read_shape
from nlu.problem_signals import is_problem

FALLBACK_INTENT = "nlu_fallback"
SELF_HARM_INTENT = "safety_suicide_risk"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class MessageShapeReader(UntrainedComponent):
    """Adds `shape` and overrides the intent for emoji-only, unreadable and self-harm-emoji messages."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options: the emoji lists are in nlu/lexicon/shape.yml."""
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    def process(self, messages: list[Message]) -> list[Message]:
        """Record each message's shape and apply the overrides."""
        for message in messages:
            text = str(message.get(TEXT) or "")
            shape = read_shape(text)
            message.set("shape", shape.as_dict(), add_to_output=True)
            if text.startswith("/"):
                continue  # a button payload names its intent
            if shape.distress == "self_harm":
                _set_intent(message, SELF_HARM_INTENT)
            elif shape.kind == "unreadable" or (shape.kind == "emoji_only" and not answers_on_its_own(shape)):
                _set_intent(message, FALLBACK_INTENT)
            elif _weak_short_problem(message, text):
                _set_intent(message, FALLBACK_INTENT, confidence=_top_confidence(message))
        return messages


def _top_confidence(message: Message) -> float:
    return float((message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)


def _weak_short_problem(message: Message, text: str) -> bool:
    """A short message whose best reading is a problem the classifier is unsure of ("我被公司骗了" → no contract
    at 0.22): asking what happened beats answering a guess."""
    name = str((message.get(INTENT) or {}).get(INTENT_NAME_KEY) or "")
    return is_problem(name) and is_short_guess(text, _top_confidence(message))


def _set_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)
