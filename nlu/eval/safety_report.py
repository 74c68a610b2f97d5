"""Safety evaluation on the independent set in nlu/eval/safety/: `python -m nlu.eval.safety_report` (make eval).

Measures the assessment the pipeline and the message path run (nlu/risk.py: both word lists and the E5
classifier; the intent classifier's own safety guess can only add to it) on
- crisis.yml: recall per level (rated at least that level), imminent never rated below high, by language and category;
- hard_negatives.yml: false alarms (anything above none), by category;
- multiturn.yml: the person's level after each turn against the expected one (under-rating counted apart);
- the added parse cost: the assessment's time on top of the sentence vector, p50/p95.
and the same crisis and non-crisis measures on the untouched holdout in nlu/eval/safety_holdout/.
Writes reports/safety/report.md and report.json. Both sets were written independently of the lexicon, the
classifier and their training data; the first has since been used to mend misses (its README), the holdout never is.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from kb import checkin
from nlu.multilingual_encoder import shared_encoder
from nlu.risk import LEVELS, RiskAssessment, assess_risk, person_level, rank

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = Path(__file__).parent / "safety"
HOLDOUT_DIR = Path(__file__).parent / "safety_holdout"
REPORT_DIR = ROOT / "reports" / "safety"


def _load(name: str, directory: Path = SET_DIR) -> Any:
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def _assess_all(texts: list[str]) -> tuple[list[RiskAssessment], list[float]]:
    vectors = shared_encoder().encode(texts)
    results, timings = [], []
    for text, vector in zip(texts, vectors, strict=True):
        started = time.perf_counter()
        results.append(assess_risk(text, vector=vector))
        timings.append((time.perf_counter() - started) * 1000)
    return results, timings


def _rate(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def crisis_section(items: list[dict[str, Any]], results: list[RiskAssessment]) -> dict[str, Any]:
    """Recall per level, per language and per category; the misses, for the report."""
    by_level: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    by_category: dict[str, list[bool]] = defaultdict(list)
    exact: list[bool] = []
    imminent_below_high = 0
    misses = []
    for item, result in zip(items, results, strict=True):
        hit = rank(result.level) >= rank(item["level"])
        by_level[item["level"]].append(hit)
        by_language[f"{item['level']}/{item['language']}"].append(hit)
        by_category[item["category"]].append(hit)
        exact.append(result.level == item["level"])
        if item["level"] == "imminent" and rank(result.level) < rank("high"):
            imminent_below_high += 1
        if not hit:
            misses.append(
                {"level": item["level"], "got": result.level, "category": item["category"], "text": item["text"]}
            )
    return {
        "messages": len(items),
        "recall_by_level": {k: _rate(sum(v), len(v)) for k, v in sorted(by_level.items())},
        "recall_by_level_and_language": {k: _rate(sum(v), len(v)) for k, v in sorted(by_language.items())},
        "recall_by_category": {k: _rate(sum(v), len(v)) for k, v in sorted(by_category.items())},
        "exact_level": _rate(sum(exact), len(exact)),
        "imminent_rated_below_high": imminent_below_high,
        "misses": misses,
    }


def negatives_section(items: list[dict[str, Any]], results: list[RiskAssessment]) -> dict[str, Any]:
    """False alarms (anything above none) on the hard non-crisis set."""
    by_category: dict[str, list[bool]] = defaultdict(list)
    alarms = []
    for item, result in zip(items, results, strict=True):
        alarm = result.needs_care
        by_category[item["category"]].append(alarm)
        if alarm:
            alarms.append(
                {"got": result.level, "category": item["category"], "text": item["text"], "why": result.evidence}
            )
    total = sum(len(v) for v in by_category.values())
    return {
        "messages": total,
        "false_alarm_rate": _rate(len(alarms), total),
        "false_alarm_rate_crisis_level": _rate(sum(1 for a in alarms if a["got"] in ("high", "imminent")), total),
        "by_category": {k: _rate(sum(v), len(v)) for k, v in sorted(by_category.items())},
        "alarms": alarms,
    }


def multiturn_section(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    """Each turn's person level (running, never down) against the expected level.

    At concern the bot asks the check-in (actions/safety.py); a yes to it is a positive screen, which the check-in
    turns into high, so a "yes" right after concern counts as high here too (kb.checkin.read_answer reads it)."""
    turns = exact = under = 0
    details = []
    for conversation in conversations:
        texts = [str(t) for t in conversation["turns"]]
        assessed, _ = _assess_all(texts)
        running = 0
        got = []
        for index in range(len(assessed)):
            answered_yes = running == rank("concern") and checkin.read_answer(texts[index]) == "yes"
            running = max(running, rank(person_level(assessed[: index + 1]).level), rank("high") * answered_yes)
            got.append(LEVELS[running])
        for expected, level in zip(conversation["expected"], got, strict=True):
            turns += 1
            exact += expected == level
            under += rank(level) < rank(expected)
        if got != conversation["expected"]:
            details.append({"id": conversation["id"], "expected": conversation["expected"], "got": got})
    return {
        "conversations": len(conversations),
        "turns": turns,
        "turn_accuracy": _rate(exact, turns),
        "turns_under_rated": under,
        "differences": details,
    }


def _table(heading: str, values: dict[str, float]) -> list[str]:
    return [f"| {heading} |", "|---|---|", *[f"| {k} | {v:.3f} |" for k, v in values.items()], ""]


def _holdout_markdown(holdout: dict[str, Any]) -> list[str]:
    crisis, negatives = holdout["crisis"], holdout["hard_negatives"]
    return [
        "## Untouched holdout (nlu/eval/safety_holdout/, never tuned against)",
        f"{crisis['messages']} crisis messages, {negatives['messages']} hard non-crisis messages. "
        f"Imminent rated below high: **{crisis['imminent_rated_below_high']}**. "
        f"False alarms: **{negatives['false_alarm_rate']:.3f}** "
        f"(at crisis level {negatives['false_alarm_rate_crisis_level']:.3f}).",
        "",
        *_table("level | recall", crisis["recall_by_level"]),
        *_table("level/language | recall", crisis["recall_by_level_and_language"]),
    ]


def set_sections(directory: Path) -> tuple[dict[str, Any], dict[str, Any], list[float]]:
    """Crisis recall and false alarms on one set's crisis.yml and hard_negatives.yml, and each assessment's time."""
    crisis_items = _load("crisis.yml", directory)
    negative_items = _load("hard_negatives.yml", directory)
    crisis_results, crisis_ms = _assess_all([str(i["text"]) for i in crisis_items])
    negative_results, negative_ms = _assess_all([str(i["text"]) for i in negative_items])
    return (
        crisis_section(crisis_items, crisis_results),
        negatives_section(negative_items, negative_results),
        crisis_ms + negative_ms,
    )


def _markdown(report: dict[str, Any]) -> str:
    crisis, negatives, multi = report["crisis"], report["hard_negatives"], report["multiturn"]
    lines = [
        "# Safety evaluation (nlu/eval/safety/, written independently of the detector)",
        "",
        f"Command: `make eval` (or `python -m nlu.eval.safety_report`). Run {report['when']}.",
        "",
        "## Crisis messages",
        f"{crisis['messages']} messages. Recall = rated at least the labelled level.",
        "",
        *_table("level | recall", crisis["recall_by_level"]),
        f"Imminent rated below high: **{crisis['imminent_rated_below_high']}**. "
        f"Exact level: {crisis['exact_level']:.3f}.",
        "",
        *_table("level/language | recall", crisis["recall_by_level_and_language"]),
        *_table("category | recall", crisis["recall_by_category"]),
        "## Hard non-crisis messages",
        f"{negatives['messages']} messages. False alarms (concern or above): **{negatives['false_alarm_rate']:.3f}**; "
        f"at crisis level (high or imminent): {negatives['false_alarm_rate_crisis_level']:.3f}.",
        "",
        *_table("category | false alarms", negatives["by_category"]),
        *_holdout_markdown(report["holdout"]),
        "## Multi-turn conversations",
        f"{multi['conversations']} conversations, {multi['turns']} turns: person level right after "
        f"{multi['turn_accuracy']:.3f} of turns; under-rated turns: **{multi['turns_under_rated']}**.",
        "",
        "## Added parse cost",
        f"The assessment on top of the sentence vector: p50 {report['cost_ms']['p50']} ms, "
        f"p95 {report['cost_ms']['p95']} ms (the E5 vector is computed once per message, for both classifiers).",
        "",
        "Misses, alarms and differences are listed in report.json.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every section, print the headline numbers and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPORT_DIR)
    args = parser.parse_args(argv)
    crisis, negatives, timings = set_sections(SET_DIR)
    holdout_crisis, holdout_negatives, _ = set_sections(HOLDOUT_DIR)
    timings.sort()
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "crisis": crisis,
        "hard_negatives": negatives,
        "holdout": {"crisis": holdout_crisis, "hard_negatives": holdout_negatives},
        "multiturn": multiturn_section(_load("multiturn.yml")),
        "cost_ms": {
            "p50": round(statistics.median(timings), 2),
            "p95": round(timings[int(0.95 * (len(timings) - 1))], 2),
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / "report.md").write_text(_markdown(report), encoding="utf-8")
    headline = {
        "recall": report["crisis"]["recall_by_level"],
        "imminent_below_high": report["crisis"]["imminent_rated_below_high"],
        "false_alarms": report["hard_negatives"]["false_alarm_rate"],
        "multiturn_under_rated": report["multiturn"]["turns_under_rated"],
        "holdout_recall": report["holdout"]["crisis"]["recall_by_level"],
        "holdout_imminent_below_high": report["holdout"]["crisis"]["imminent_rated_below_high"],
        "holdout_false_alarms": report["holdout"]["hard_negatives"]["false_alarm_rate"],
        "cost_ms": report["cost_ms"],
    }
    print(json.dumps(headline, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
