"""Scripted whole conversations (tests/conversations/scripts/*.yml) and the invariants every one must keep.

A script is data: who is talking (service line, language), and turns, each a message and optionally what kind of
turn it is (`followup: proof`, `correction: true`, `switch: true`), a `language` the replies must be in from then on,
the facts it states (`gives: [platform, amount_paid]`), and substrings the reply must (`expect`) or must not
(`reject`) contain. The invariants hold over every
conversation: no fact is asked twice, no reply repeats the previous one, the language holds, every follow-up is
answered about itself, and nothing is left unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.replies import Reply
from kb.knowledge import document
from kb.render import pick
from tests.support import render_replies as reply_text

SCRIPTS_DIR = Path(__file__).resolve().parent / "scripts"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# An English reply may quote a Chinese button name ("申请官方介入"); more Chinese than this share is not English.
MAX_CHINESE_SHARE_IN_ENGLISH = 0.15


@dataclass(frozen=True)
class Turn:
    """One message of a script and what it is for."""

    say: str
    followup: str | None = None
    correction: bool = False
    switch: bool = False
    language: str | None = None
    expect: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    gives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    """A whole conversation to play."""

    name: str
    title: str
    line: str
    language: str
    turns: tuple[Turn, ...]
    xfail: str | None = None


@dataclass
class Played:
    """What the person read after each message of a script."""

    script: Script
    replies: list[list[Reply]] = field(default_factory=list)


def load_script(path: Path) -> Script:
    """A script file as a `Script`."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    turns = tuple(
        Turn(
            say=str(turn["say"]),
            followup=turn.get("followup"),
            correction=bool(turn.get("correction", False)),
            switch=bool(turn.get("switch", False)),
            language=turn.get("language"),
            expect=tuple(str(text) for text in turn.get("expect", ())),
            reject=tuple(str(text) for text in turn.get("reject", ())),
            gives=tuple(turn.get("gives", ())),
        )
        for turn in data["turns"]
    )
    return Script(path.stem, data["title"], data["line"], data["language"], turns, data.get("xfail"))


def all_scripts() -> list[Script]:
    """Every script, in name order."""
    return [load_script(path) for path in sorted(SCRIPTS_DIR.glob("*.yml"))]


async def play(script: Script, say: Callable[[str], Awaitable[list[Reply]]]) -> Played:
    """Send each message in turn and keep what came back."""
    played = Played(script)
    for turn in script.turns:
        played.replies.append(await say(turn.say))
    return played


def _form_questions() -> dict[str, list[str]]:
    """Each fact's question in both languages (knowledge/questions.yml)."""
    return {
        slot: [str(pick(entry["text"], lang)) for lang in ("zh", "en")]
        for slot, entry in document("questions.yml").items()
    }


def _followup_labels(kind: str) -> list[str]:
    labels = document("followups.yml")["kinds"]
    return [str(labels[kind][lang]) for lang in ("zh", "en")] if kind in labels else []


def in_language(text: str, language: str) -> bool:
    """True when `text` reads as `language` (English may quote a few Chinese names)."""
    chinese = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if language == "zh":
        return chinese > 0
    return latin > 0 and chinese <= MAX_CHINESE_SHARE_IN_ENGLISH * (chinese + latin)


GIVEN_FACT_ASKED = "although the person gave it"


def violations(played: Played, known_facts: bool = True) -> list[str]:
    """Every broken invariant of a played conversation, as a sentence naming the turn.

    `known_facts=False` leaves out "asked for a fact the person gave" (the case fact model's invariant), so the
    other invariants can be checked on their own.
    """
    found = _all_violations(played)
    return found if known_facts else [problem for problem in found if GIVEN_FACT_ASKED not in problem]


def known_fact_violations(played: Played) -> list[str]:
    """Only the facts asked for after the person gave them."""
    return [problem for problem in _all_violations(played) if GIVEN_FACT_ASKED in problem]


def _all_violations(played: Played) -> list[str]:
    problems: list[str] = []
    asked: dict[str, int] = {}
    given: dict[str, int] = {}  # facts the person stated (`gives:`), never to be asked for afterwards
    language = played.script.language
    previous_main: str | None = None
    questions = _form_questions()
    for number, (turn, replies) in enumerate(zip(played.script.turns, played.replies, strict=True), start=1):
        text = reply_text(replies)
        where = f"turn {number} ({turn.say!r})"
        language = turn.language or language
        if not any(reply.text.strip() for reply in replies):
            problems.append(f"{where}: no reply")
            continue
        for slot, texts in questions.items():
            if any(question in text for question in texts) and slot in given:
                problems.append(f"{where}: asked for {slot} {GIVEN_FACT_ASKED} at turn {given[slot]}")
            elif any(question in text for question in texts):
                # A question the person set aside to ask a follow-up may be asked once more right after it.
                left_open = turn.followup is not None and asked.get(slot) == number - 1
                if slot in asked and not left_open:
                    problems.append(f"{where}: asked for {slot} again (first at turn {asked[slot]})")
                asked[slot] = number if left_open else asked.get(slot, number)
        main = max((reply.text for reply in replies), key=len)
        if previous_main is not None and main == previous_main:
            problems.append(f"{where}: the same reply as the turn before")
        previous_main = main
        wrong = [reply.text[:60] for reply in replies if reply.text.strip() and not in_language(reply.text, language)]
        if wrong:
            problems.append(f"{where}: not in {language}: {wrong}")
        if turn.followup:
            labels = _followup_labels(turn.followup)
            if not any(label in text for label in labels):
                problems.append(f"{where}: the {turn.followup} follow-up got no answer about it")
            answered_at = min((text.find(label) for label in labels if label in text), default=len(text))
            asked_at = min(
                (text.find(q) for texts in questions.values() for q in texts if q in text), default=len(text)
            )
            if asked_at < answered_at:
                problems.append(f"{where}: a follow-up was answered with an intake question")
        given.update({slot: number for slot in turn.gives if slot not in given})
        problems += [f"{where}: expected {wanted!r}" for wanted in turn.expect if wanted not in text]
        problems += [f"{where}: should not say {unwanted!r}" for unwanted in turn.reject if unwanted in text]
    return problems


def transcript(played: Played) -> str:
    """The conversation as the person saw it, for failure messages and `./hotline replay`."""
    lines = [f"# {played.script.title} ({played.script.name})"]
    for turn, replies in zip(played.script.turns, played.replies, strict=False):
        lines.append(f"\n> {turn.say}")
        lines += ["  " + line for line in reply_text(replies).splitlines()]
    return "\n".join(lines)
