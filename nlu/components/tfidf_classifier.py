"""Rasa component: logistic regression over TF-IDF-weighted word/character counts plus a sentence vector.

Measured on this project's data (reports/nlu), a linear model on Jieba words + character n-grams generalises
better than DIET from ~30 examples per intent, trains in seconds and parses in a few milliseconds. The pipeline's
dense sentence features (a pretrained sentence vector, `sentence_featurizer.py`) are appended, scaled by
`dense_weight`, so wording never seen in training still lands near similar examples. It differs from the
report's baseline in these features (Jieba with the trade-word dictionary, the sentence vector) and in what the
pipeline adds around it (safety override, fallback, routing by service line).
"""

from __future__ import annotations

from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from nlu.components.trained import ready_for_sparse_rows

MODEL_FILE = "tfidf_lr.joblib"


class CountsThenDense(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """TF-IDF on the count columns; the trailing `dense_columns` (the sentence vector) are only scaled."""

    def __init__(self, dense_columns: int = 0, dense_weight: float = 0.5) -> None:
        self.dense_columns = dense_columns
        self.dense_weight = dense_weight

    def _split(self, X: csr_matrix) -> tuple[csr_matrix, csr_matrix]:
        cut = X.shape[1] - self.dense_columns
        return X[:, :cut], X[:, cut:]

    def fit(self, X: csr_matrix, y: Any = None) -> CountsThenDense:
        """Learn the IDF weights of the count columns."""
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(self._split(X)[0])
        return self

    def transform(self, X: csr_matrix) -> csr_matrix:
        """Weighted counts followed by the scaled sentence vector."""
        counts, dense = self._split(X)
        return hstack([self.tfidf_.transform(counts), dense * self.dense_weight]).tocsr()


def text_feature_matrix(messages: list[Message], dense_columns: int) -> csr_matrix:
    """One row per message: its sparse sentence counts, then its dense sentence vector when `dense_columns` > 0.

    Shared by every classifier that reads the pipeline's features. A message without dense features gets zeros,
    so the column count never shifts.
    """
    rows = [_feature_row(message, dense_columns) for message in messages]
    return rows[0] if len(rows) == 1 else vstack(rows).tocsr()


# The row of the message read last: the intent, problem and role classifiers all read the same row of a message,
# so at parse time it is built once, not three times. Keyed by the message object itself (held here, so its id
# cannot be reused meanwhile) and by how many features it carries (none are added after the featurizers).
_last_row: tuple[Message, int, int, csr_matrix] | None = None


def _feature_row(message: Message, dense_columns: int) -> csr_matrix:
    global _last_row
    last = _last_row
    if last is not None and last[0] is message and last[1:3] == (len(message.features), dense_columns):
        return last[3]
    sparse = message.get_sparse_features(attribute=TEXT)[1]
    dense = message.get_dense_features(attribute=TEXT)[1]
    parts = [csr_matrix(sparse.features)] if sparse else []
    if dense_columns:
        parts.append(csr_matrix(dense.features if dense is not None else np.zeros((1, dense_columns))))
    row = hstack(parts).tocsr()
    _last_row = (message, len(message.features), dense_columns, row)
    return row


def dense_width(messages: list[Message]) -> int:
    """Width of the dense sentence vector the featurizer gives (0 when the pipeline has none)."""
    example = next((m for m in messages if m.get(TEXT)), None)
    dense = example.get_dense_features(attribute=TEXT)[1] if example else None
    return int(dense.features.shape[-1]) if dense is not None else 0


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TfidfIntentClassifier(LogisticRegressionClassifier):
    """Intent classifier: sublinear TF-IDF weighting, then balanced multinomial logistic regression."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`C`: inverse regularisation strength (high suits short, keyword-heavy messages); `dense_weight`:
        scale of the sentence vector against the TF-IDF features (0 ignores it)."""
        return {**LogisticRegressionClassifier.get_default_config(), "C": 10.0, "max_iter": 2000, "dense_weight": 0.5}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = Pipeline(
            [
                ("features", CountsThenDense(dense_weight=float(self.config["dense_weight"]))),
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

    def _create_X(self, messages: list[Message]) -> csr_matrix:
        """Sparse counts then the sentence vector (`text_feature_matrix`)."""
        return text_feature_matrix(messages, self._dense_columns)

    @property
    def _dense_columns(self) -> int:
        return int(self.clf.named_steps["features"].dense_columns)

    def train(self, training_data: Any) -> Resource:
        """Record the sentence-vector width (0 without a dense featurizer), then fit as the parent does."""
        self.clf.named_steps["features"].dense_columns = dense_width(training_data.intent_examples)
        return super().train(training_data)

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
            component.clf = ready_for_sparse_rows(joblib.load(model_dir / MODEL_FILE))
        return component
