"""The encoder layer of the risk assessment: softmax regression from an E5 sentence vector to a risk level.

Pure NumPy so the Rasa server and the app (message path, relay) load the same file and give the same verdict.
Trained by `python -m nlu.risk_train` (run by scripts/train.sh) on nlu/risk/ and the intent training data;
the thresholds are learned there by cross-validation, never hard-coded: E5 similarities are compressed, so a
fixed 0.5 means nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

LEVELS = ("none", "concern", "high", "imminent")
Vector = NDArray[np.float32]


@dataclass(frozen=True)
class RiskModel:
    """Weights (dims × 4), bias (4), and the cumulative-probability threshold for each level above none."""

    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    thresholds: dict[str, float]
    model_id: str

    def probabilities(self, vectors: Vector) -> NDArray[np.float64]:
        """P(level) for each row of `vectors` (n × 4), in LEVELS order."""
        return _softmax(np.atleast_2d(vectors).astype(np.float64) @ self.weights + self.bias)

    def levels(self, vectors: Vector) -> list[tuple[str, float]]:
        """The highest level whose cumulative probability reaches its threshold, with that probability."""
        return [level_from_probabilities(row, self.thresholds) for row in self.probabilities(vectors)]

    def save(self, path: Path) -> None:
        """Write the model as one .npz file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        names = [level for level in LEVELS[1:]]
        np.savez(
            path,
            weights=self.weights,
            bias=self.bias,
            thresholds=np.array([self.thresholds[n] for n in names]),
            model_id=np.array(self.model_id),
        )

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        """Read a model written by `save`."""
        with np.load(path, allow_pickle=False) as data:
            values = [float(x) for x in data["thresholds"]]
            return cls(
                weights=data["weights"],
                bias=data["bias"],
                thresholds=dict(zip(LEVELS[1:], values, strict=True)),
                model_id=str(data["model_id"]),
            )


def level_from_probabilities(row: NDArray[np.float64], thresholds: dict[str, float]) -> tuple[str, float]:
    """Cumulative rule: P(≥ imminent), then P(≥ high), then P(≥ concern) against their thresholds."""
    for index in range(len(LEVELS) - 1, 0, -1):
        at_least = float(row[index:].sum())
        if at_least >= thresholds[LEVELS[index]]:
            return LEVELS[index], at_least
    return "none", float(row[1:].sum())


def _softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def fit(
    vectors: Vector,
    labels: list[str],
    sample_weight: NDArray[np.float64] | None = None,
    l2: float = 1e-3,
    iterations: int = 400,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weights and bias of an L2-regularised softmax regression (full-batch gradient descent with momentum).

    Deterministic: the same data gives the same model on every machine, so the Rasa and app sides agree.
    """
    x = vectors.astype(np.float64)
    y = np.zeros((len(labels), len(LEVELS)))
    y[np.arange(len(labels)), [LEVELS.index(label) for label in labels]] = 1.0
    w = np.ones(len(labels)) if sample_weight is None else sample_weight
    w = w / w.sum()
    weights = np.zeros((x.shape[1], len(LEVELS)))
    bias = np.zeros(len(LEVELS))
    velocity_w, velocity_b = np.zeros_like(weights), np.zeros_like(bias)
    rate, momentum = 2.0, 0.9
    for _ in range(iterations):
        error = (_softmax(x @ weights + bias) - y) * w[:, None]
        grad_w = x.T @ error + l2 * weights
        grad_b = error.sum(axis=0)
        velocity_w = momentum * velocity_w - rate * grad_w
        velocity_b = momentum * velocity_b - rate * grad_b
        weights += velocity_w
        bias += velocity_b
    return weights, bias
