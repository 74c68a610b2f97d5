"""How the third-party reading (kb.checkin.reports_someone_else) splits the risk files named: texts labelled
`third_party` that it reads as someone else, and texts of the writer's own risk it wrongly reads so, by level.

    .venv-app/bin/python -m nlu.eval.third_party_reach nlu/risk/examples_crisis*.yml

The second number matters most: a writer at risk read as worrying about someone else misses their own check-in.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from kb.checkin import reports_someone_else
from nlu.eval.lexicon_reach import _examples


def main() -> None:
    """Print the third-party reading's reach and its misreadings per level."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print the misread texts")
    args = parser.parse_args()
    read: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    misread: collections.Counter[str] = collections.Counter()
    for path in args.files:
        for example in _examples(path):
            text, level = str(example["text"]), str(example.get("level") or "none")
            about_other = example.get("category") == "third_party"
            said_other = reports_someone_else(text)
            if about_other:
                total[level] += 1
                read[level] += said_other
            elif said_other and level != "none" and example.get("category") != "danger_to_others":
                misread[level] += 1
                if args.show:
                    print(f"  misread {level}: {text[:100]}")
    for level in ("concern", "high", "imminent"):
        print(
            f"{level}: third-party texts read as such {read[level]}/{total[level]}; own risk misread {misread[level]}"
        )


if __name__ == "__main__":
    main()
