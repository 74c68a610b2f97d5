"""Precision / recall / F1 tables and entity exact-match scoring (plain Python, no sklearn needed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Per-label scores plus the macro average over labels that occur in the gold data."""

    per_label: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    support: int


def prf(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str] | None = None) -> Scores:
    """Precision, recall and F1 per label; macro-F1 averages the labels present in `gold` (or `labels`)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    wanted = sorted(set(labels) if labels is not None else set(gold))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    table: dict[str, dict[str, float]] = {}
    for label in wanted:
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp[label] + fn[label]}
    present = [label for label in wanted if table[label]["support"] > 0]
    macro = sum(table[label]["f1"] for label in present) / len(present) if present else 0.0
    accuracy = sum(tp.values()) / len(gold) if gold else 0.0
    return Scores(table, macro, accuracy, len(gold))


def entity_f1(gold: Sequence[set[tuple[str, str]]], predicted: Sequence[set[tuple[str, str]]]) -> dict[str, float]:
    """Exact-match micro P/R/F1 over (entity, normalised value) pairs per message."""
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]
