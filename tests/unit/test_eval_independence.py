"""Evaluation sets are not training data: no safety evaluation text (normalised) is also a training example.

Only canonical one-liners of a few words ("I want to die", "转人工") may appear in both, as any set holds them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EVAL_FILES = [ROOT / "nlu/eval/safety_set.yml", *sorted((ROOT / "nlu/eval").glob("safety*/*.yml"))]
MAX_SHARED_UNITS = 4


def _normalise(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return []


def _units(text: str) -> int:
    return len(re.findall(r"[\u3400-\u9fff]", text)) + len(re.findall(r"[a-zA-Z]+", text))


def training_texts() -> set[str]:
    found = set()
    for path in (ROOT / "nlu/risk").glob("*.yml"):
        found |= {_normalise(t) for t in _texts(yaml.safe_load(path.read_text(encoding="utf-8")))}
    for path in (ROOT / "nlu/data").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            found |= {_normalise(line.lstrip("- ")) for line in str(block.get("examples", "")).splitlines()}
    return found


def test_no_safety_evaluation_text_is_a_training_example() -> None:
    trained = training_texts()
    shared = [
        text
        for path in EVAL_FILES
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        if _normalise(text) in trained and _units(text) > MAX_SHARED_UNITS
    ]
    assert shared == []
