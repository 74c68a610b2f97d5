"""Rasa component: a pretrained sentence vector (all-MiniLM-L6-v2) as dense sentence features of the text.

The intent classifier combines it with the word and character counts (see `tfidf_classifier.py`). Only
sentence-level features are produced: the classifier reads nothing else, and no other component in the
pipeline uses dense features. The encoder runs in NumPy (`nlu/sentence_encoder.py`), so nothing is downloaded.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.untrained import UntrainedComponent
from nlu.sentence_encoder import shared_encoder


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, UntrainedComponent):
    """Adds one dense sentence feature row (384 values) to the TEXT of every message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`model_dir`: a BERT-style folder (config.json, tokenizer.json, model.safetensors); None is the
        pinned all-MiniLM-L6-v2."""
        return {**DenseFeaturizer.get_default_config(), "model_dir": None}

    @classmethod
    def from_config(cls, config: dict[str, Any], name: str) -> SentenceEmbeddingFeaturizer:
        """Featurizers take (name, config); the pretrained weights are loaded once per process on first use."""
        return cls(name, config)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to validate: the model is fixed by the lock file."""

    def _featurize(self, messages: list[Message], cached: bool = False) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        encoder = shared_encoder(self._config.get("model_dir"))
        vectors = encoder.encode([str(m.get(TEXT)) for m in with_text], cached=cached)
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurise every training example that has text (cached across the evaluation's trainings)."""
        self._featurize(training_data.training_examples, cached=True)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurise incoming messages."""
        self._featurize(messages)
        return messages
