"""Writing the evaluation report: Markdown for people, JSON for tools, PNG confusion matrices."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlu.eval.metrics import Scores


def confusion_png(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], title: str, path: Path) -> None:
    """Save a row-normalised confusion matrix (rows = gold) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        if g in index and p in index:
            counts[index[g]][index[p]] += 1
    rows = [[c / max(1, sum(row)) for c in row] for row in counts]
    size = max(6.0, 0.28 * len(labels) + 3)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(rows, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(title)
    if len(labels) <= 8:
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                ax.text(j, i, str(value), ha="center", va="center", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def scores_json(scores: Scores) -> dict[str, Any]:
    """A JSON-ready view of a Scores object."""
    return {
        "macro_f1": scores.macro_f1,
        "accuracy": scores.accuracy,
        "support": scores.support,
        "per_label": scores.per_label,
    }


def table(scores: Scores, title: str) -> list[str]:
    """A Markdown table of per-label P/R/F1 with the macro row."""
    lines = [f"**{title}** (macro-F1 {scores.macro_f1:.3f}, accuracy {scores.accuracy:.3f}, n={scores.support})", ""]
    lines += ["| label | P | R | F1 | n |", "|---|---|---|---|---|"]
    for label, row in scores.per_label.items():
        if row["support"] or row["precision"]:
            lines.append(
                f"| {label} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1']:.2f} | {int(row['support'])} |"
            )
    return [*lines, ""]


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write the machine-readable report."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
