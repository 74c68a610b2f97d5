"""Rasa component: TF-IDF-weighted logistic regression over the pipeline's sparse features.

Measured on this project's data (reports/nlu), a linear model on Jieba words + character n-grams generalises
better than DIET from ~30 examples per intent, trains in seconds and parses in a few milliseconds. It differs
from the report's baseline in its features (Jieba with the trade-word dictionary, shared with the rest of the
pipeline) and in what the pipeline adds around it (safety override, fallback, routing by service line).
"""

from __future__ import annotations

from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

MODEL_FILE = "tfidf_lr.joblib"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TfidfIntentClassifier(LogisticRegressionClassifier):
    """Intent classifier: sublinear TF-IDF weighting, then balanced multinomial logistic regression."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`C` is the inverse regularisation strength; a high value suits short, keyword-heavy messages."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 10.0, "max_iter": 2000}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = Pipeline(
            [
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
                (
                    "lr",
                    LogisticRegression(
                        C=float(self.config["C"]),
                        class_weight="balanced",
                        max_iter=int(self.config["max_iter"]),
                        random_state=self.config["random_state"],
                    ),
                ),
            ]
        )

    def persist(self) -> None:
        """Save the fitted pipeline in the model archive."""
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self.clf, model_dir / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfIntentClassifier:
        """Load the fitted pipeline; fails loudly if the model archive lacks it."""
        component = cls(config, execution_context.node_name, model_storage, resource)
        with model_storage.read_from(resource) as model_dir:
            component.clf = joblib.load(model_dir / MODEL_FILE)
        return component
