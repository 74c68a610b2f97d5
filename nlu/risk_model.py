"""The encoder layer of the risk assessment: softmax regression from a message to a risk level.

Features: the message's E5 sentence vector beside hashed character 1–3-grams of its normalised text (the same
pairing that lifts the intent classifier from 0.60 to 0.86 service-line macro-F1: n-grams carry the exact
wording, the vector carries paraphrase). Pure NumPy/SciPy with a deterministic hash, so the Rasa server and the
app (message path, relay) load the same file and give the same verdict.
Trained by `python -m nlu.risk_train` (run by scripts/train.sh) on nlu/risk/ and the intent training data;
the thresholds are learned there by cross-validation, never hard-coded: E5 similarities are compressed, so a
fixed 0.5 means nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack

LEVELS = ("none", "concern", "high", "imminent")
Vector = NDArray[np.float32]
BUCKETS = 2**15
NGRAMS = (1, 2, 3)
# Weight of the sentence vector against the n-gram block (both rows have unit length).
DENSE_WEIGHT = 1.0
_SPACE = re.compile(r"\s+")


def ngram_features(texts: Sequence[str]) -> csr_matrix:
    """Hashed character n-grams (1+log tf, unit length per row) of each text, lower-cased and NFKC-normalised."""
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        clean = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
        counts: Counter[int] = Counter()
        for n in NGRAMS:
            for start in range(max(0, len(clean) - n + 1)):
                counts[zlib.crc32(clean[start : start + n].encode()) % BUCKETS] += 1
        weights = {col: 1.0 + math.log(count) for col, count in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for col, weight in weights.items():
            rows.append(row)
            cols.append(col)
            values.append(weight / norm)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), BUCKETS))


def features(vectors: Vector, texts: Sequence[str]) -> csr_matrix:
    """The classifier's input: n-grams, then the sentence vector."""
    dense = csr_matrix(np.atleast_2d(vectors).astype(np.float64) * DENSE_WEIGHT)
    return hstack([ngram_features(texts), dense]).tocsr()


@dataclass(frozen=True)
class RiskModel:
    """Weights ((n-gram buckets + vector dims) × 4), bias (4), and the cumulative-probability threshold per level."""

    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    thresholds: dict[str, float]
    model_id: str

    def probabilities(self, vectors: Vector, texts: Sequence[str]) -> NDArray[np.float64]:
        """P(level) for each text and its vector (n × 4), in LEVELS order."""
        return softmax(np.asarray(features(vectors, texts) @ self.weights) + self.bias)

    def levels(self, vectors: Vector, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The highest level whose cumulative probability reaches its threshold, with that probability."""
        return [level_from_probabilities(row, self.thresholds) for row in self.probabilities(vectors, texts)]

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


def softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax of scores (n × levels)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))
