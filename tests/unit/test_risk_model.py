"""The encoder layer of the risk assessment: fitting, neighbour evidence, learned thresholds and the saved model
(nlu/risk_model.py, nlu/risk_train.py), on small synthetic data so the test needs no encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlu import risk_train
from nlu.risk_model import LEVELS, NEIGHBOUR_GROUPS, RiskModel, level_from_cumulative, neighbour_similarities

# Two clusters per level in a 4-dimensional "sentence vector" space, with words that differ per level.
WORDS = {"none": "退货 运费", "concern": "撑不下去", "high": "不想活", "imminent": "药已经吃了"}
THRESHOLDS = {"concern": 0.5, "high": 0.5, "imminent": 0.5}


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


def _fitted(graded: int) -> tuple[RiskModel, np.ndarray, list[str], list[str]]:
    vectors, texts, labels = _data()
    groups = risk_train.neighbour_groups(labels, graded)
    x, neighbours, kept = risk_train.design(vectors, texts, groups, np.ones(len(texts), dtype=bool))
    weights, bias = risk_train.fit(x, labels)
    return RiskModel(weights, bias, neighbours, kept, THRESHOLDS, "test"), vectors, texts, labels


def test_a_fitted_model_separates_the_levels_and_survives_saving(tmp_path: Path) -> None:
    model, vectors, texts, labels = _fitted(graded=120)
    predicted = [level for level, _ in model.levels(vectors, texts)]
    assert sum(p == g for p, g in zip(predicted, labels, strict=True)) / len(labels) > 0.95
    model.save(tmp_path / "risk.npz")
    loaded = RiskModel.load(tmp_path / "risk.npz")
    assert np.allclose(loaded.cumulative(vectors, texts), model.cumulative(vectors, texts))
    assert loaded.thresholds == model.thresholds
    assert loaded.levels(vectors, texts) == model.levels(vectors, texts)


def test_cumulative_probabilities_never_rise_with_the_level() -> None:
    model, vectors, texts, _ = _fitted(graded=120)
    cumulative = model.cumulative(vectors, texts)
    assert cumulative.shape == (len(texts), 3)
    assert np.all(np.diff(cumulative, axis=1) <= 0)


def test_an_example_is_never_its_own_nearest_neighbour() -> None:
    vectors, _, labels = _data()
    groups = risk_train.neighbour_groups(labels, graded=len(labels))
    order = np.argsort(groups, kind="stable")
    vectors, groups = vectors[order], groups[order]
    alone = neighbour_similarities(vectors, vectors, groups, exclude=np.arange(len(labels)))
    assert np.all(alone < 0.9999)
    # Without the exclusion each example finds itself in its own group.
    own = neighbour_similarities(vectors, vectors, groups)
    rows = np.flatnonzero(groups >= 0)
    assert np.allclose(own[rows, groups[rows]], 1.0, atol=1e-5)


def test_everyday_messages_are_not_neighbours_but_hard_non_crisis_ones_are() -> None:
    _, _, labels = _data()
    groups = risk_train.neighbour_groups(labels, graded=10)
    assert list(groups[:10]) == [NEIGHBOUR_GROUPS.index("hard_none")] * 10
    assert set(groups[10:30]) == {-1}
    assert set(groups[30:]) == {0, 1, 2}


def test_thresholds_keep_false_alarms_on_the_hard_examples_within_budget() -> None:
    vectors, texts, labels = _data()
    cumulative = risk_train.out_of_fold_cumulative(vectors, texts, labels, graded=len(labels))
    thresholds = risk_train.learn_thresholds(cumulative, labels, graded=len(labels))
    none_rows = [row for row, label in zip(cumulative, labels, strict=True) if label == "none"]
    alarms = sum(level_from_cumulative(row, thresholds)[0] != "none" for row in none_rows)
    assert alarms <= max(risk_train.MAX_FALSE_ALARM.values()) * len(none_rows) + 1


def test_the_highest_level_whose_cumulative_probability_reaches_its_threshold_wins() -> None:
    assert level_from_cumulative(np.array([0.7, 0.6, 0.2]), THRESHOLDS) == ("high", 0.6)
    assert level_from_cumulative(np.array([0.9, 0.8, 0.7]), THRESHOLDS)[0] == "imminent"
    assert level_from_cumulative(np.array([0.1, 0.05, 0.02]), THRESHOLDS)[0] == "none"


def test_a_row_that_finds_no_risk_more_likely_than_any_is_none_whatever_the_imminent_model_says() -> None:
    low_imminent = {"concern": 0.89, "high": 0.62, "imminent": 0.21}
    assert level_from_cumulative(np.array([0.32, 0.22, 0.22]), low_imminent)[0] == "none"
    assert level_from_cumulative(np.array([0.55, 0.22, 0.22]), low_imminent)[0] == "imminent"


def test_the_combined_level_adds_the_word_lists_to_the_model() -> None:
    # An explicit statement is high from the word lists even when the model says none; an ordinary one stays none.
    levels = risk_train.combined_levels(["我不想活了", "运费怎么算"], ["none", "none"])
    assert levels == ["high", "none"]
    # The model alone raises a long message without list words; hyperbole is held back.
    assert risk_train.combined_levels(["这周我把东西都送人了，以后也用不上"], ["high"]) == ["high"]
    assert risk_train.combined_levels(["笑死我了这个主播"], ["high"]) == ["none"]
