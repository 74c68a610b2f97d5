"""How far the crisis word lists alone reach (no encoder): crisis examples rated at least their level, and
non-crisis examples with any signal, for the risk files named; optionally only for some rule ids.

    .venv-app/bin/python -m nlu.eval.lexicon_reach nlu/risk/examples_crisis_round9.yml nlu/risk/examples_none_round9.yml
    .venv-app/bin/python -m nlu.eval.lexicon_reach --rules high_zh_abused nlu/risk/examples_none*.yml

A file's examples are crisis ones when they carry a `level`. Used to check that word-list families written after
reading one set's misses also reach messages written by someone else (issue 11).
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path
from typing import Any

import yaml

from nlu.risk import _graded_lexicon, _views, combine, lexicon_signals, rank
from nlu.safety import load_lexicon


def _examples(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["examples"] if isinstance(data, dict) else data)


def _rule_hits(text: str, rule_ids: set[str]) -> list[str]:
    """The named graded rules that match the text (on the same views the assessment uses)."""
    compact, spaced = _views(text, load_lexicon())
    rules = [rule for rule in _graded_lexicon().rules if rule.rule_id in rule_ids]
    return [rule.rule_id for rule in rules if rule.pattern.search(compact if rule.script == "zh" else spaced)]


def main() -> None:
    """Print, per level, how many crisis examples the word lists rate at least that level, and the false alarms."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--rules", default="", help="comma-separated rule ids: count only these rules' matches")
    args = parser.parse_args()
    rule_ids = {r for r in args.rules.split(",") if r}
    caught: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    alarms: list[str] = []
    negatives = 0
    for path in args.files:
        for example in _examples(path):
            text = str(example["text"])
            if example.get("level"):
                level = str(example["level"])
                total[level] += 1
                hit = (
                    bool(_rule_hits(text, rule_ids))
                    if rule_ids
                    else rank(combine(lexicon_signals(text)).level) >= rank(level)
                )
                caught[level] += hit
            else:
                negatives += 1
                if _rule_hits(text, rule_ids) if rule_ids else lexicon_signals(text):
                    alarms.append(text)
    for level in ("imminent", "high", "concern"):
        if total[level]:
            print(f"{level}: {caught[level]} of {total[level]} rated at least {level}")
    print(f"non-crisis with a signal: {len(alarms)} of {negatives}")
    for text in alarms:
        print(f"  alarm: {text[:100]}")


if __name__ == "__main__":
    main()
