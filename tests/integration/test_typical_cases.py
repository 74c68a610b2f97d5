"""Published typical cases (../shared/eval/dev_typical_cases.yml), asked as a person would, through the stack.

Each answer must contain what the official outcome rests on (`key_facts_a_correct_answer_must_contain`; for
English questions tests/fixtures/typical_cases_en.yml). The bot's texts for these cases are in
knowledge/precedents.yml, written in our own words with the statutes checked against ../shared/domain/laws.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import Chat

ROOT = Path(__file__).resolve().parents[2]
# Beside the project in a checkout; a worktree elsewhere sets HOTLINE_EVAL_DIR (as nlu/eval/data.py does).
CASES_FILE = Path(os.environ.get("HOTLINE_EVAL_DIR", ROOT.parent / "shared" / "eval")) / "dev_typical_cases.yml"
ENGLISH_KEYS = yaml.safe_load((ROOT / "tests" / "fixtures" / "typical_cases_en.yml").read_text(encoding="utf-8"))


def _cases() -> list[dict[str, Any]]:
    if not CASES_FILE.exists():
        return []
    cases: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return cases


def _questions() -> list[Any]:
    params = []
    for case in _cases():
        params.append(
            pytest.param(case["question_zh"], case["key_facts_a_correct_answer_must_contain"], id=f"{case['id']}-zh")
        )
        if case.get("question_en") and case["id"] in ENGLISH_KEYS:
            params.append(pytest.param(case["question_en"], ENGLISH_KEYS[case["id"]], id=f"{case['id']}-en"))
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{CASES_FILE} not found"))]


@pytest.mark.parametrize(("question", "key_facts"), _questions())
async def test_a_published_case_is_answered_on_its_grounds(chat: Chat, question: str, key_facts: list[str]) -> None:
    reply = await chat.say(question)
    lowered = reply.lower()
    missing = [fact for fact in key_facts if str(fact).lower() not in lowered]
    assert not missing, f"missing {missing} in:\n{reply}"
