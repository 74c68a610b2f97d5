"""Reword a script so that none of the flagged claims is left in it."""

from __future__ import annotations

import re

from kb.compliance.checker import Check, Flag, check_as

# Clauses end at Chinese or Western punctuation and line breaks (not at the comma or point inside a number);
# a claim that cannot be reworded takes every clause it touches with it.
_CLAUSE_END = re.compile(r"(?<=[，。！？；!?;\n~～])|(?<=[,.])(?!\d)")
_MAX_PASSES = 6


def script_language(script: str) -> str:
    """zh when the script has Chinese characters, else en (replacements follow the script, not the reply)."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", script) else "en"


def _rewordable(flag: Flag) -> bool:
    return flag.term is not None and flag.term.say is not None


def _without_clauses(text: str, flags: list[Flag]) -> str:
    """`text` minus every clause that overlaps one of the flags' spans."""
    kept: list[str] = []
    position = 0
    for clause in _CLAUSE_END.split(text):
        start, end = position, position + len(clause)
        position = end
        if not any(flag.start < end and start < flag.end for flag in flags):
            kept.append(clause)
    return "".join(kept)


def _reworded_phrases(text: str, flags: list[Flag], language: str) -> str:
    for flag in sorted(flags, key=lambda flag: flag.start, reverse=True):
        assert flag.term is not None and flag.term.say is not None
        replacement = flag.term.pattern.sub(flag.term.say.get(language, flag.term.say["zh"]), flag.found, count=1)
        text = text[: flag.start] + replacement + text[flag.end :]
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"([，,；;])\s*(?=[，,。.！!？?；;]|$)", "", text)
    return text.strip().lstrip("，,;；。.!！ ").rstrip("，,;； ")


def reworded(check: Check) -> str:
    """The script with every clause holding a claim that cannot be reworded dropped, the rewordable ones
    replaced, checked again until nothing is flagged (whatever is still flagged then goes too), plus any
    missing mandatory statement."""
    language = script_language(check.script)
    text = check.script
    current = check
    for _ in range(_MAX_PASSES):
        if not current.phrases:
            break
        dropped = [flag for flag in current.phrases if not _rewordable(flag)]
        text = _without_clauses(text, dropped) if dropped else _reworded_phrases(text, current.phrases, language)
        current = check_as(text, check.product)
    if current.phrases:
        text = _without_clauses(text, current.phrases)
    text = _tidy(text)
    for flag in check.flags:
        if flag.missing and flag.found not in text:
            ending = "。" if language == "zh" else "."
            text = f"{text}{ending if text else ''}{flag.found}{ending}"
    return text
