"""The encoder layer of the risk assessment: fitting, learned thresholds and the saved model (nlu/risk_model.py,
nlu/risk_train.py), on small synthetic data so the test needs no encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlu import risk_train
from nlu.risk_model import LEVELS, RiskModel, features, level_from_probabilities

# Two clusters per level in a 4-dimensional "sentence vector" space, with words that differ per level.
WORDS = {"none": "退货 运费", "concern": "撑不下去", "high": "不想活", "imminent": "药已经吃了"}


def _data(per_level: int = 30) -> tuple[np.ndarray, list[str], list[str]]:
    rng = np.random.default_rng(7)
    vectors, texts, labels = [], [], []
    for index, level in enumerate(LEVELS):
        centre = np.eye(4)[index]
        for n in range(per_level):
            vectors.append(centre + rng.normal(0, 0.15, 4))
            texts.append(f"{WORDS[level]} {n}")
            labels.append(level)
    matrix = np.asarray(vectors, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True), texts, labels


def test_a_fitted_model_separates_the_levels_and_survives_saving(tmp_path: Path) -> None:
    vectors, texts, labels = _data()
    x = features(vectors, texts)
    weights, bias = risk_train.fit(x, labels)
    model = RiskModel(weights, bias, {"concern": 0.5, "high": 0.5, "imminent": 0.5}, "test")
    predicted = [level for level, _ in model.levels(vectors, texts)]
    assert sum(p == g for p, g in zip(predicted, labels, strict=True)) / len(labels) > 0.95
    model.save(tmp_path / "risk.npz")
    loaded = RiskModel.load(tmp_path / "risk.npz")
    assert np.allclose(loaded.probabilities(vectors, texts), model.probabilities(vectors, texts))
    assert loaded.thresholds == model.thresholds


def test_thresholds_keep_false_alarms_on_the_hard_examples_within_budget() -> None:
    vectors, texts, labels = _data()
    x = features(vectors, texts)
    probabilities = risk_train.out_of_fold_probabilities(x, labels)
    thresholds = risk_train.learn_thresholds(probabilities, labels, graded=len(labels))
    none_rows = [row for row, label in zip(probabilities, labels, strict=True) if label == "none"]
    alarms = sum(level_from_probabilities(row, thresholds)[0] != "none" for row in none_rows)
    assert alarms <= max(risk_train.MAX_FALSE_ALARM.values()) * len(none_rows) + 1


def test_a_higher_level_is_chosen_by_cumulative_probability() -> None:
    thresholds = {"concern": 0.5, "high": 0.5, "imminent": 0.5}
    # No single crisis level reaches 0.5, but high-or-above does.
    assert level_from_probabilities(np.array([0.3, 0.1, 0.35, 0.25]), thresholds)[0] == "high"
    assert level_from_probabilities(np.array([0.9, 0.05, 0.03, 0.02]), thresholds)[0] == "none"
