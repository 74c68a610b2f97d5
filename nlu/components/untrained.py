"""Shared shape of the pipeline's components that learn nothing: built from their config, pass training through."""

from __future__ import annotations

from typing import Any, Self

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class UntrainedComponent(GraphComponent):
    """Rasa builds the component from its merged config; there is nothing to train or persist."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """Build the component; anything it reads (lexicons, weights) is loaded on first use."""
        return cls.from_config(config, execution_context.node_name)

    @classmethod
    def from_config(cls, config: dict[str, Any], name: str) -> Self:
        """The subclass from its config; `name` is the graph node name (featurizers use it as identifier)."""
        return cls(config)  # type: ignore[call-arg]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unchanged unless a subclass adds to it."""
        return training_data
