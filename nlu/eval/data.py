"""Loading the evaluation inputs: training examples, splits, dev real messages, safety and entity sets."""

from __future__ import annotations

import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TRAINING_DIR = ROOT / "nlu" / "data"
# The shared evaluation folder sits beside the project in a checkout; a worktree elsewhere sets HOTLINE_EVAL_DIR.
EVAL_DIR = Path(os.environ.get("HOTLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV_MESSAGES = EVAL_DIR / "dev_real_messages.yml"
SAFETY_SET = Path(__file__).parent / "safety_set.yml"
ENTITY_SET = Path(__file__).parent / "entity_set.yml"


@dataclass(frozen=True)
class Example:
    """A labelled message: training examples carry an intent, dev messages a service-line label."""

    text: str
    label: str
    lang: str | None = None
    role: str | None = None


def load_training_examples(directory: Path = TRAINING_DIR) -> list[Any]:
    """Rasa `Message`s with an intent from every training file (synonyms and lookups are skipped)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(directory))
    return [m for m in data.training_examples if m.get("intent") and m.get("text")]


def stratified_split(messages: list[Any], test_fraction: float, seed: int) -> tuple[list[Any], list[Any]]:
    """Split per intent so every intent keeps the same share in train and test."""
    by_intent: dict[str, list[Any]] = defaultdict(list)
    for message in messages:
        by_intent[message.get("intent")].append(message)
    rng = random.Random(seed)
    train: list[Any] = []
    test: list[Any] = []
    for intent in sorted(by_intent):
        group = by_intent[intent][:]
        rng.shuffle(group)
        n_test = max(1, round(len(group) * test_fraction))
        test.extend(group[:n_test])
        train.extend(group[n_test:])
    return train, test


def stratified_folds(messages: list[Any], folds: int, seed: int) -> list[tuple[list[Any], list[Any]]]:
    """k (train, test) pairs; each intent's examples are dealt round-robin over the folds."""
    by_intent: dict[str, list[Any]] = defaultdict(list)
    for message in messages:
        by_intent[message.get("intent")].append(message)
    rng = random.Random(seed)
    buckets: list[list[Any]] = [[] for _ in range(folds)]
    for intent in sorted(by_intent):
        group = by_intent[intent][:]
        rng.shuffle(group)
        for i, message in enumerate(group):
            buckets[i % folds].append(message)
    return [([m for j, b in enumerate(buckets) if j != k for m in b], buckets[k]) for k in range(folds)]


def load_dev_messages(path: Path = DEV_MESSAGES) -> list[Example]:
    """The real messages quoted in public sources, labelled by service line (evaluation only)."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Example(str(r["text"]), str(r["label"]), r.get("lang"), r.get("role")) for r in rows]


def load_safety_set(path: Path = SAFETY_SET) -> tuple[list[Example], list[Example]]:
    """(crisis messages labelled with their kind, non-crisis messages labelled with their form)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    positives = [Example(str(r["text"]), str(r["kind"]), r.get("form")) for r in data["positives"]]
    negatives = [Example(str(r["text"]), "none", r.get("form")) for r in data["negatives"]]
    return positives, negatives


def load_entity_set(path: Path = ENTITY_SET) -> tuple[str, list[tuple[str, set[tuple[str, str]]]]]:
    """(today's date as ISO text, [(message, {(entity, value), …})]) from the labelled entity set."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        (str(r["text"]), {(str(e["entity"]), str(e["value"])) for e in (r.get("entities") or [])})
        for r in data["messages"]
    ]
    return str(data["today"]), items
