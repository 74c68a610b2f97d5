"""Rasa component: every problem a message raises, not only the top intent, as `problems: [{intent, confidence}]`.

One-vs-rest logistic regression over the problem intents (`problem_prefixes` in nlu/signals/problems.yml) on the
pipeline's features (TF-IDF counts and the dense sentence vector). Labels: an example's
`metadata: {problems: [...]}` when written (the multi-problem examples), else its own intent when that is a
problem. Each problem's threshold is the one with the best F1 in cross-validation on the training data, so rare
problems are not held to the same bar as common ones. The actions say which problems were heard and offer the
ones not yet answered (actions/problems.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from nlu.components.role_classifier import example_metadata
from nlu.components.tfidf_classifier import CountsThenDense, dense_width, text_feature_matrix
from nlu.components.trained import JoblibComponent
from nlu.problem_signals import is_problem, problem_signals


def training_problems(message: Message) -> list[str]:
    """The problems a training example raises: written in its metadata, else its own problem intent."""
    written = example_metadata(message).get("problems")
    if written:
        return [str(p) for p in written]
    intent = str(message.get(INTENT) or "")
    return [intent] if is_problem(intent) else []


def best_thresholds(truth: np.ndarray, scores: np.ndarray) -> list[float]:
    """Per column, the grid threshold with the best F1 (the default when a column has too few positives)."""
    signals = problem_signals()
    grid = [float(t) for t in signals["threshold_grid"]]
    chosen = []
    for column in range(truth.shape[1]):
        positives = truth[:, column].astype(bool)
        if positives.sum() < int(signals["min_examples_for_tuning"]):
            chosen.append(float(signals["default_threshold"]))
            continue
        f1 = []
        for threshold in grid:
            predicted = scores[:, column] >= threshold
            hits = float((predicted & positives).sum())
            f1.append(2 * hits / max(1.0, float(predicted.sum() + positives.sum())))
        chosen.append(grid[int(np.argmax(f1))])
    return chosen


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ProblemDetector(JoblibComponent):
    """Adds `problems` (most confident first) to every parsed message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`C`, `dense_weight`: as the intent classifier; `cv_folds`: folds used to choose the thresholds."""
        return {"C": 2.0, "dense_weight": 0.5, "cv_folds": 2}

    def _model(self) -> OneVsRestClassifier:
        return OneVsRestClassifier(
            LogisticRegression(C=float(self.config["C"]), class_weight="balanced", solver="liblinear")
        )

    def fit(self, training_data: TrainingData) -> dict[str, Any]:
        """Fit one classifier per problem, then choose each one's threshold by cross-validation."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [training_problems(m) for m in examples]
        binarizer = MultiLabelBinarizer()
        truth = binarizer.fit_transform(labels)
        if truth.shape[1] < 2:
            return {}
        features = CountsThenDense(dense_width(examples), float(self.config["dense_weight"]))
        X = features.fit(text_feature_matrix(examples, features.dense_columns)).transform(
            text_feature_matrix(examples, features.dense_columns)
        )
        folds = KFold(int(self.config["cv_folds"]), shuffle=True, random_state=0)
        scores = cross_val_predict(self._model(), X, truth, cv=folds, method="predict_proba")
        model = self._model().fit(X, truth)
        return {
            "features": features,
            "model": model,
            "problems": [str(c) for c in binarizer.classes_],
            "thresholds": best_thresholds(truth, np.asarray(scores)),
        }

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `problems` on each message: every problem above its threshold, at most `max_problems`."""
        if not self.state:
            return messages
        features: CountsThenDense = self.state["features"]
        scores = self.state["model"].predict_proba(
            features.transform(text_feature_matrix(messages, features.dense_columns))
        )
        limit = int(problem_signals()["max_problems"])
        for message, row in zip(messages, scores, strict=True):
            found = [
                {"intent": name, "confidence": round(float(score), 4)}
                for name, score, threshold in zip(self.state["problems"], row, self.state["thresholds"], strict=True)
                if score >= threshold
            ]
            found.sort(key=lambda p: -float(p["confidence"]))
            message.set("problems", found[:limit], add_to_output=True)
        return messages
