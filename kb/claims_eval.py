"""`./hotline eval claims`: precision and recall of the claim checker on the labelled scripts and titles in
nlu/eval/claims/*.yml, and whether any rewrite keeps a flagged claim; writes reports/claims/report.md and
report.json."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb.compliance.checker import Check, Flag, check_as, check_script
from kb.compliance.rewrite import reworded
from kb.compliance.rules import claim_rules

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "nlu" / "eval" / "claims"
REPORT_DIR = ROOT / "reports" / "claims"
TARGETS = {"recall": 0.98, "precision": 0.90}


@dataclass
class Tally:
    """Counts over the set, plus the cases to read when a number is off target."""

    items: int = 0
    expected: int = 0
    caught: int = 0
    flagged: int = 0
    correct: int = 0
    rewrites_keeping_a_claim: int = 0
    misses: list[dict[str, str]] = field(default_factory=list)
    false_flags: list[dict[str, str]] = field(default_factory=list)
    bad_rewrites: list[dict[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of the claims that must be flagged that were."""
        return self.caught / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of the checker's flags that point at a labelled claim."""
        return self.correct / self.flagged if self.flagged else 1.0


def _span(text: str, phrase: str) -> tuple[int, int] | None:
    start = text.find(phrase)
    return (start, start + len(phrase)) if start >= 0 else None


def _hits(flag: Flag, span: tuple[int, int] | None, phrase: str) -> bool:
    if flag.missing:
        return flag.found == phrase
    return span is not None and flag.start < span[1] and span[0] < flag.end


def _labels(item: dict[str, Any]) -> list[tuple[str, tuple[int, int] | None]]:
    """Each claim to flag with its span; a claim not in the text must be a mandatory statement."""
    statements = {rule.statement for rule in claim_rules() if rule.statement}
    labels = []
    for phrase in item.get("flag", []):
        if not isinstance(phrase, str) or (phrase not in item["text"] and phrase not in statements):
            raise ValueError(f"label {phrase!r} is not in {item['text']!r}")
        labels.append((phrase, _span(item["text"], phrase)))
    return labels


def _score_item(item: dict[str, Any], tally: Tally) -> None:
    text = item["text"]
    check = check_script(text, item.get("category"))
    labels = _labels(item)
    tally.items += 1
    tally.expected += len(labels)
    for phrase, span in labels:
        if any(_hits(flag, span, phrase) for flag in check.flags):
            tally.caught += 1
        else:
            tally.misses.append({"text": text, "claim": phrase})
    for flag in check.flags:
        tally.flagged += 1
        if any(_hits(flag, span, phrase) for phrase, span in labels):
            tally.correct += 1
        else:
            tally.false_flags.append({"text": text, "flagged": flag.found, "rule": flag.rule.id})
    _score_rewrite(check, [phrase for phrase, _ in labels], tally)


def _score_rewrite(check: Check, labels: list[str], tally: Tally) -> None:
    rewrite = reworded(check)
    kept = [flag.found for flag in check.phrases if flag.found in rewrite]
    kept += [phrase for phrase in labels if phrase in rewrite and phrase not in {f.found for f in check.flags}]
    kept += [flag.found for flag in check_as(rewrite, check.product).phrases]
    if kept:
        tally.rewrites_keeping_a_claim += 1
        tally.bad_rewrites.append({"text": check.script, "rewrite": rewrite, "kept": "、".join(dict.fromkeys(kept))})


def evaluate(set_files: list[Path]) -> Tally:
    """Score every item of the given set files."""
    tally = Tally()
    for set_file in set_files:
        for item in yaml.safe_load(set_file.read_text(encoding="utf-8"))["items"]:
            _score_item(item, tally)
    return tally


def summary(tally: Tally) -> dict[str, Any]:
    """The numbers, as written to report.json."""
    return {
        "items": tally.items,
        "claims_to_flag": tally.expected,
        "caught": tally.caught,
        "flags": tally.flagged,
        "flags_on_labelled_claims": tally.correct,
        "recall": round(tally.recall, 4),
        "precision": round(tally.precision, 4),
        "rewrites_keeping_a_flagged_claim": tally.rewrites_keeping_a_claim,
        "targets": TARGETS,
        "misses": tally.misses,
        "false_flags": tally.false_flags,
        "bad_rewrites": tally.bad_rewrites,
    }


def _markdown(numbers: dict[str, Any], set_files: list[Path]) -> str:
    names = ", ".join(f"`{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}`" for path in set_files)
    lines = [
        "# Claim checker evaluation",
        "",
        f"Set: {names} ({numbers['items']} scripts and titles, "
        f"{numbers['claims_to_flag']} claims that must be flagged). Command: `./hotline eval claims`.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| recall of illegal claims | {numbers['recall']:.3f} ({numbers['caught']}/{numbers['claims_to_flag']}) "
        f"| ≥ {TARGETS['recall']} |",
        f"| precision of flags | {numbers['precision']:.3f} ({numbers['flags_on_labelled_claims']}/{numbers['flags']}) "
        f"| ≥ {TARGETS['precision']} |",
        f"| rewrites keeping a flagged claim | {numbers['rewrites_keeping_a_flagged_claim']} | 0 |",
        "",
    ]
    for title, key, fields in (
        ("Missed claims", "misses", ("claim", "text")),
        ("Flags on text labelled as allowed or unlabelled", "false_flags", ("flagged", "rule", "text")),
        ("Rewrites that kept a claim", "bad_rewrites", ("kept", "rewrite", "text")),
    ):
        lines += [f"## {title}", ""]
        rows = numbers[key]
        lines += [" | ".join(str(row[f]) for f in fields) for row in rows] or ["none"]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the numbers and write the report; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="hotline eval claims", description=__doc__)
    parser.add_argument("--set", type=Path, action="append", help="a labelled set file (default: all in the set dir)")
    parser.add_argument("--out", type=Path, default=REPORT_DIR, help="report directory")
    args = parser.parse_args(argv)
    set_files = args.set or sorted(SET_DIR.glob("*.yml"))
    numbers = summary(evaluate(set_files))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(numbers, ensure_ascii=False, indent=2), encoding="utf-8")
    (args.out / "report.md").write_text(_markdown(numbers, set_files), encoding="utf-8")
    print(
        f"claims: {numbers['items']} items, recall {numbers['recall']:.3f} ({numbers['caught']}/"
        f"{numbers['claims_to_flag']}), precision {numbers['precision']:.3f} ({numbers['flags_on_labelled_claims']}/"
        f"{numbers['flags']}), rewrites keeping a flagged claim: {numbers['rewrites_keeping_a_flagged_claim']}"
    )
    print(f"report: {args.out / 'report.md'}")
    met = (
        numbers["recall"] >= TARGETS["recall"]
        and numbers["precision"] >= TARGETS["precision"]
        and numbers["rewrites_keeping_a_flagged_claim"] == 0
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
