"""Rasa component: a typed message is never read as a system intent (nlu/system_intents.py). Runs right after
the intent classifiers, before FallbackClassifier, so the fallback judges the intents a person can mean."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from nlu.components.untrained import UntrainedComponent
from nlu.system_intents import without_system_intents


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SystemIntentGuard(UntrainedComponent):
    """Takes system intents (EXTERNAL_…) out of the prediction of every parsed message."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config  # nothing to configure; kept for Rasa's component contract

    def process(self, messages: list[Message]) -> list[Message]:
        """Apply the guard to each message."""
        for message in messages:
            guarded = without_system_intents(message.get(INTENT) or {}, list(message.get(INTENT_RANKING_KEY) or []))
            if guarded is not None:
                message.set(INTENT, guarded[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, guarded[1], add_to_output=True)
        return messages
