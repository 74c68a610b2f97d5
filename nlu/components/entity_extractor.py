"""Rasa component: rule-based entities with normalised values (platform, money, days_ago, …).

Wraps `nlu.entities.find_entities` so Rasa and the app extract the same values. It replaces DIET's entity
recognition: the values must be exact ("1.2w" → "12000"), which a sequence tagger does not give.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components.untrained import UntrainedComponent
from nlu.entities import find_entities


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class HotlineEntityExtractor(UntrainedComponent, EntityExtractorMixin):
    """Adds entities found by the project's lexicons and normalisers to every parsed message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Which entities to emit (all contract entities by default)."""
        return {"entities": None}

    def __init__(self, config: dict[str, Any]) -> None:
        self._wanted: set[str] | None = set(config["entities"]) if config.get("entities") else None

    def process(self, messages: list[Message]) -> list[Message]:
        """Append normalised entities to each message (relative dates are anchored on today)."""
        today = date.today()
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": span.entity,
                    "start": span.start,
                    "end": span.end,
                    "value": span.value,
                    "text": span.text,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for span in find_entities(text, today)
                if self._wanted is None or span.entity in self._wanted
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
