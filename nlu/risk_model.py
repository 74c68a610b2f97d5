"""The encoder layer of the risk assessment: cumulative probabilities P(≥ concern), P(≥ high), P(≥ imminent).

Features: hashed character 1–3-grams of the normalised text (the exact wording), the message's E5 sentence vector
(paraphrase), and nearest-neighbour evidence: the highest cosine similarity of that vector to the training
examples of each crisis level and to the hard non-crisis examples (a message that reads like a known farewell,
or like a known piece of hyperbole). P(≥ concern) is 1 − P(none) of a softmax over the four levels; P(≥ high) and
P(≥ imminent) come from one-vs-rest models of their own. Each level has its own learned threshold.

Measured out of fold on 2026-12-02's training data (nlu/risk + intent data, 8,558 texts) at the same false-alarm
budgets (`python -m nlu.risk_train`): the former single softmax on n-grams + vector gave recall concern 0.711 /
high 0.622 / imminent 0.831 with 1.86% false alarms on the hard non-crisis examples; this model gives
0.734 / 0.748 / 0.890 at 1.31% (risk_train also prints the combined assessment's numbers).

Pure NumPy/SciPy with a deterministic hash, so the Rasa server and the app (message path, relay) load the same
file and give the same verdict (about 1 ms a message). Trained by `python -m nlu.risk_train` (run by
scripts/train.sh); thresholds are learned there by cross-validation, never hard-coded: E5 similarities are
compressed, so a fixed 0.5 means nothing.
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

from nlu.script import to_simplified

LEVELS = ("none", "concern", "high", "imminent")
# The neighbour groups: the examples of each crisis level, then the hard non-crisis examples.
NEIGHBOUR_GROUPS = ("concern", "high", "imminent", "hard_none")
Vector = NDArray[np.float32]
BUCKETS = 2**15
NGRAMS = (1, 2, 3)
# Weight of the sentence vector against the n-gram block (both rows have unit length); 0.5 and 2.0 gave lower
# out-of-fold recall (2026-12-02).
DENSE_WEIGHT = 1.0
# Weight of the neighbour similarities (one column per group, values in [-1, 1]): 2.0 beat 1.0 (imminent 0.89 →
# 0.92 out of fold at fewer false alarms) and 3.0 (high 0.74 → 0.70), 2026-12-02.
NEIGHBOUR_WEIGHT = 2.0
# Up to this many messages at once, neighbour similarities avoid BLAS threads (see `_cosines`).
SMALL_BATCH = 8
_SPACE = re.compile(r"\s+")


def ngram_features(texts: Sequence[str]) -> csr_matrix:
    """Hashed character n-grams (1+log tf, unit length per row) of each text, lower-cased, NFKC-normalised and in
    Simplified script (a Traditional message shares its n-grams with the Simplified examples)."""
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        clean = _SPACE.sub(" ", to_simplified(unicodedata.normalize("NFKC", text).lower())).strip()
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


def neighbour_similarities(
    vectors: Vector,
    neighbours: Vector,
    groups: NDArray[np.int64],
    exclude: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    """Highest cosine of each vector to the neighbours of each group (n × groups; -1 for an empty group);
    `groups`, the group index of each neighbour, must be sorted.

    `exclude[i]` is the index among `neighbours` of vector i itself (or -1): in training an example must not be
    its own nearest neighbour, or the feature would say "identical" for every training example and nothing at
    inference.
    """
    similarity = _cosines(np.atleast_2d(vectors).astype(np.float32), neighbours.astype(np.float32, copy=False))
    if exclude is not None:
        rows = np.flatnonzero(exclude >= 0)
        similarity[rows, exclude[rows]] = -1.0
    # Neighbours are stored sorted by group, so each group is a slice (a view: no copy on the message path).
    bounds = np.searchsorted(groups, np.arange(len(NEIGHBOUR_GROUPS) + 1))
    result = np.full((similarity.shape[0], len(NEIGHBOUR_GROUPS)), -1.0)
    for group in range(len(NEIGHBOUR_GROUPS)):
        if bounds[group] < bounds[group + 1]:
            result[:, group] = similarity[:, bounds[group] : bounds[group + 1]].max(axis=1)
    return result


def _cosines(vectors: Vector, neighbours: Vector) -> Vector:
    """vectors × neighbours dot products. A few messages (the message path) use NumPy's own loop: on the shared
    2-core machine a multithreaded BLAS call for one message took ~5 ms starting its threads, einsum 0.5 ms
    (2026-12-02); training batches use BLAS."""
    if len(vectors) <= SMALL_BATCH:
        return np.asarray(np.einsum("ij,kj->ik", vectors, neighbours))
    return np.asarray(vectors @ neighbours.T)


def features(vectors: Vector, texts: Sequence[str], similarities: NDArray[np.float64]) -> csr_matrix:
    """The classifiers' input: n-grams, then the sentence vector, then the neighbour similarities."""
    dense = csr_matrix(np.atleast_2d(vectors).astype(np.float64) * DENSE_WEIGHT)
    return hstack([ngram_features(texts), dense, csr_matrix(similarities * NEIGHBOUR_WEIGHT)]).tocsr()


@dataclass(frozen=True)
class RiskModel:
    """Weights (features × 6, see `cumulative_probabilities`), bias (6), the neighbours (vectors and their group
    index) and the threshold of each level's cumulative probability."""

    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    neighbours: Vector
    neighbour_groups: NDArray[np.int64]
    thresholds: dict[str, float]
    model_id: str

    def cumulative(self, vectors: Vector, texts: Sequence[str]) -> NDArray[np.float64]:
        """P(≥ concern), P(≥ high), P(≥ imminent) for each text and its vector (n × 3), never increasing."""
        similarities = neighbour_similarities(vectors, self.neighbours, self.neighbour_groups)
        return cumulative_probabilities(np.asarray(features(vectors, texts, similarities) @ self.weights) + self.bias)

    def levels(self, vectors: Vector, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The highest level whose cumulative probability reaches its threshold, with that probability."""
        return [level_from_cumulative(row, self.thresholds) for row in self.cumulative(vectors, texts)]

    def save(self, path: Path) -> None:
        """Write the model as one .npz file (plain arrays: no pickle)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            weights=self.weights,
            bias=self.bias,
            neighbours=self.neighbours.astype(np.float32),
            neighbour_groups=self.neighbour_groups.astype(np.int64),
            thresholds=np.array([self.thresholds[level] for level in LEVELS[1:]]),
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
                neighbours=data["neighbours"],
                neighbour_groups=data["neighbour_groups"],
                thresholds=dict(zip(LEVELS[1:], values, strict=True)),
                model_id=str(data["model_id"]),
            )


# The ≥ high and ≥ imminent models are one-vs-rest models of their own, so a row can pass the low imminent
# threshold while the softmax finds no risk more likely than any (a water filter that failed its test, "I feel so
# stupid": P(≥ concern) 0.32, P(≥ imminent) 0.22 → imminent). Below one half the row means none. Measured
# 2026-12-08: no message of the project crisis set changed level; one hard non-crisis message lost its alarm.
MIN_ANY_RISK = 0.5


def level_from_cumulative(row: NDArray[np.float64], thresholds: dict[str, float]) -> tuple[str, float]:
    """P(≥ imminent), then P(≥ high), then P(≥ concern) against their thresholds: the first that reaches it;
    none when P(≥ concern) is below one half, whatever the higher levels' own models say."""
    if float(row[0]) < MIN_ANY_RISK:
        return "none", float(row[0])
    for index in range(len(LEVELS) - 1, 0, -1):
        at_least = float(row[index - 1])
        if at_least >= thresholds[LEVELS[index]]:
            return LEVELS[index], at_least
    return "none", float(row[0])


def cumulative_probabilities(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(≥ concern), P(≥ high), P(≥ imminent) from the six scores (n × 6): 1 − P(none) of the softmax over the four
    levels (columns 0–3), then the ≥ high and ≥ imminent models (columns 4, 5); never increasing along a row."""
    at_least_concern = 1.0 - softmax(scores[:, : len(LEVELS)])[:, :1]
    return monotone(np.hstack([at_least_concern, sigmoid(scores[:, len(LEVELS) :])]))


def softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax of scores (n × levels)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Element-wise logistic function."""
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def monotone(cumulative: NDArray[np.float64]) -> NDArray[np.float64]:
    """Three separate models can disagree (P(≥ high) > P(≥ concern)); a level implies every level below it."""
    return np.minimum.accumulate(cumulative, axis=1)
