"""Whose are the risk words of a message: the writer's or someone they write about (knowledge/safety/checkin.yml).

"我室友说她撑不下去了" is about the roommate; "我妈信了直播间…我也快不行了，最近我真的撑不下去了" is the writer's own
risk although a mother is named. Each clause's subject is the last person named in it as a subject (not right
after 给/跟/被, "to/with/by"); a clause naming nobody carries on the one before; the writer comes first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from kb.knowledge import document
from nlu.script import to_simplified

Subject = Literal["writer", "other"]
# Clauses: punctuation, and spaces between Chinese words (people write "我姐 最近 一直哭" for commas).
_CLAUSE = re.compile(r"[，。！？；、,.!?;\n…~～]+|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# How far before a name to look for a word that makes it an object: characters for Chinese, for English.
_LOOKBACK = {"zh": 3, "en": 16}


@lru_cache(maxsize=1)
def _rules() -> dict[str, re.Pattern[str]]:
    cues = document("safety/checkin.yml")["third_party"]
    names_zh = sorted({*cues["others"]["zh"], *cues["relatives"]["zh"]}, key=len, reverse=True)
    names_en = [*cues["others"]["en"], *cues["relatives"]["en"]]
    subject = cues["subject"]
    return {
        "other_zh": re.compile("|".join([*map(re.escape, names_zh), subject["pronouns_zh"]])),
        "other_en": re.compile("|".join([*names_en, subject["pronouns_en"]])),
        "writer_zh": re.compile(subject["writer_zh"]),
        "writer_en": re.compile(subject["writer_en"]),
        "object_zh": re.compile(subject["object_before_zh"]),
        "object_en": re.compile(subject["object_before_en"]),
        "told_zh": re.compile(subject["told_before_zh"]),
        "told_en": re.compile(subject["told_before_en"]),
        "seeking_help": re.compile(subject["writer_seeking_help"]),
        "risk_words": re.compile(f"{subject['risk_words_zh']}|{subject['risk_words_en']}"),
    }


def _mentions(clause: str) -> tuple[list[tuple[int, Subject]], bool]:
    """Where a person is named as a subject in a (lower-case) clause, in order, and whether the writer appears
    in it at all (also as an object: "粉丝骂我" leaves the next clause to the writer)."""
    rules = _rules()
    found: list[tuple[int, int, Subject]] = []
    for script in ("zh", "en"):
        for match in rules[f"other_{script}"].finditer(clause):
            found.append((match.start(), match.end(), "other"))
    taken = [(start, end) for start, end, _ in found]
    for script in ("zh", "en"):
        for match in rules[f"writer_{script}"].finditer(clause):
            # "我" of "我室友", "我表哥": part of the other person's name.
            inside = any(start <= match.start() < end or start == match.end() for start, end in taken)
            # "我的徒弟", "我带的学员": the writer only describes the person the clause is about.
            modifier = any(0 <= start - match.end() <= 5 and "的" in clause[match.end() : start] for start, _ in taken)
            if not inside and not modifier:
                found.append((match.start(), match.end(), "writer"))
    subjects: list[tuple[int, Subject]] = []
    writer_here = False
    for start, end, who in sorted(found):
        script = "zh" if re.search(r"[\u3400-\u9fff]", clause[start : start + 1]) else "en"
        before = clause[max(0, start - _LOOKBACK[script]) : start]
        possessive = clause[end : end + 2].startswith(("的", "'s"))  # "我妈的药", "my mom's pills"
        if not rules[f"object_{script}"].search(before) and not possessive:
            subjects.append((start, who))
        elif who == "writer" and not rules[f"told_{script}"].search(before):
            writer_here = True
    return subjects, writer_here or any(who == "writer" for _, who in subjects)


def writer_is_a_subject(text: str) -> bool:
    """True when the writer speaks of themselves as a subject anywhere ("公会说我不行"), other than to ask what to
    do or to say they worry ("我该怎么办", "我在外地")."""
    seeking = _rules()["seeking_help"]
    return any(
        who == "writer"
        for clause in _CLAUSE.split(plain_text(text))
        if not seeking.search(clause)
        for _, who in _mentions(clause)[0]
    )


def plain_text(text: str) -> str:
    """Simplified, NFKC, lower case: the form the word lists are written in."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def risk_words_subjects(text: str, words: list[str]) -> list[Subject]:
    """Whose each risk word of the message is: `words` (what the risk lexicon matched) and the distress words of
    checkin.yml, wherever they are found; [] when the message holds none."""
    subject: Subject = "writer"
    found: list[Subject] = []
    plain = plain_text(text)
    distress = _rules()["risk_words"]
    for clause in _CLAUSE.split(plain):
        mentions, writer_here = _mentions(clause)
        places = [clause.find(word.lower()) for word in words] + [m.start() for m in distress.finditer(clause)]
        for at in (place for place in places if place >= 0):
            before = [who for position, who in mentions if position < at]
            found.append(before[-1] if before else subject)
        if writer_here:
            subject = "writer"
        elif mentions:
            subject = mentions[-1][1]
    return found
