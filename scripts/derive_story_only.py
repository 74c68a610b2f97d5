"""Write nlu/risk/examples_none_story_only.yml: the practical stories that examples_crisis_more.yml repeats
under many crisis endings, told alone and with a practical question, as not-a-crisis examples.

Why: that file pairs about 30 stories (a penalty clause, unpaid wages, a frozen settlement…) with crisis endings,
so the sentence encoder learned the stories themselves as crisis ("my agency hasn't paid me since March and they
say I owe a 200k penalty" was rated concern at 0.96). A story is kept only when the word lists see no risk in it.
Run: `.venv-app/bin/python scripts/derive_story_only.py` (project root); deterministic.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu.language import detect_language  # noqa: E402
from nlu.risk import assess_risk  # noqa: E402

SOURCE = ROOT / "nlu" / "risk" / "examples_crisis_more.yml"
TARGET = ROOT / "nlu" / "risk" / "examples_none_story_only.yml"
MIN_REPEATS = 5  # a story told under at least this many crisis endings
QUESTIONS = {
    "zh": ["这种情况能不能劳动仲裁", "合同违约金是不是真的要赔", "欠的钱有没有办法分期", "平台那边我应该怎么投诉"],
    "en": ["do I really have to pay the penalty", "who can I even complain to", "can I get my unpaid wages back",
           "is there any help for people in debt"],
}  # fmt: skip
# Repeated, but an ending or distress rather than a practical story.
NOT_STORIES = ("telling a bot", "哭", "不行了")
HEADER = """# Not-a-crisis examples derived by scripts/derive_story_only.py (see its docstring): the practical
# stories of examples_crisis_more.yml alone and with a practical question. Training data; regenerate, do not edit.
"""


def segments(text: str) -> list[str]:
    """Chinese stories are space-separated phrases between punctuation; English ones are sentences."""
    if detect_language(text) == "zh":
        return [s.strip() for s in re.split(r"[，。！？,!?]", text) if len(s.strip()) >= 20]
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) >= 40]


def stories() -> list[str]:
    counts: collections.Counter[str] = collections.Counter()
    for example in yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["examples"]:
        counts.update(set(segments(str(example["text"]))))
    repeated = sorted(story for story, n in counts.items() if n >= MIN_REPEATS)
    return [
        story
        for story in repeated
        if assess_risk(story).level == "none" and not any(word in story for word in NOT_STORIES)
    ]


def main() -> None:
    rows = []
    for index, story in enumerate(stories()):
        language = detect_language(story) or "en"
        questions = QUESTIONS["zh" if language == "zh" else "en"]
        rows.append({"text": story, "category": "story_only", "language": language})
        for question in (questions[index % len(questions)], questions[(index + 1) % len(questions)]):
            rows.append({"text": f"{story} {question}", "category": "story_only", "language": language})
    body = yaml.safe_dump({"examples": rows}, allow_unicode=True, sort_keys=False, width=1000)
    TARGET.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(rows)} examples from {len(rows) // 3} stories → {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
