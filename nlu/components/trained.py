"""Shared shape of the pipeline's own trainable components: one fitted object saved with joblib in the model."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Self

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

STATE_FILE = "state.joblib"


def ready_for_sparse_rows(estimator: Any) -> Any:
    """The same fitted estimator with its weights stored column-major, so scoring one sparse row does not copy them.

    scikit-learn scores `X @ coef_.T`; scipy copies a dense operand that is not C-contiguous on every call, and
    `coef_.T` of a row-major (classes × features) matrix is not: for the intent classifier that was a copy of
    55 × ~100k weights per message (about 5 ms). The values, and so every prediction, are unchanged.
    """
    for step in getattr(estimator, "steps", []):
        ready_for_sparse_rows(step[1])
    for inner in getattr(estimator, "estimators_", []):
        ready_for_sparse_rows(inner)
    coef = getattr(estimator, "coef_", None)
    if isinstance(coef, np.ndarray) and coef.ndim == 2:
        estimator.coef_ = np.asfortranarray(coef)
    return estimator


class JoblibComponent(GraphComponent):
    """A component whose whole learned state is `self.state` (a dict), persisted in its model resource."""

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.state: dict[str, Any] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        """An untrained component built from its merged config."""
        return cls(config, model_storage, resource)

    @abstractmethod
    def fit(self, training_data: TrainingData) -> dict[str, Any]:
        """Learn from the featurised training data; returns the state to persist."""

    def train(self, training_data: TrainingData) -> Resource:
        """Fit, then save the state in the model archive."""
        self.state = self.fit(training_data)
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self.state, model_dir / STATE_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        """The trained component; without a saved state (nothing to learn from) it predicts nothing."""
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.state = joblib.load(model_dir / STATE_FILE)
            if "model" in component.state:
                ready_for_sparse_rows(component.state["model"])
        except (ValueError, FileNotFoundError):
            component.state = {}
        return component
