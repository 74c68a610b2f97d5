"""Merchant pitch checker: flag banned or risky wording in a live-selling script, with citations and rewordings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kb.knowledge import document
from kb.render import cite_labels, message, numbered, pick


@dataclass(frozen=True)
class Flag:
    """One problem found in a script."""

    rule_id: str
    found: str
    instead: str | None
    rewrite: str = "replace"


def _rules() -> list[dict[str, Any]]:
    return list(document("merchant/pitch_rules.yml")["rules"])


def script_in_message(text: str) -> str | None:
    """The script pasted in a message: the text after a marker ("话术：…"), or None when there is none."""
    for marker in document("merchant/pitch_rules.yml")["script_markers"]:
        match = re.search(marker, text, flags=re.IGNORECASE)
        if match and len(text[match.end() :].strip()) >= 4:
            return text[match.end() :].strip()
    # Without a marker, a message that already contains flagged wording is treated as the script itself.
    return text if check_script(text, "zh") else None


def check_script(script: str, language: str) -> list[Flag]:
    """Every flagged phrase in `script`, in rule order, each with a compliant alternative when there is one."""
    flags: list[Flag] = []
    for rule in _rules():
        if rule.get("unless") and re.search(rule["unless"], script, flags=re.IGNORECASE):
            continue
        for term in rule.get("terms", []):
            for match in re.finditer(term["match"], script, flags=re.IGNORECASE):
                instead = str(pick(term["instead"], language))
                flags.append(Flag(rule["id"], match.group(0), instead, term.get("rewrite", "replace")))
        trigger = rule.get("trigger")
        if trigger and re.search(trigger, script, flags=re.IGNORECASE) and rule["required_statement"] not in script:
            flags.append(Flag(rule["id"], rule["required_statement"], None))
    return flags


_CLAUSE_END = re.compile(r"(?<=[，。！？；,.!?;\n])")


def reworded(script: str, flags: list[Flag], language: str) -> str:
    """The script rewritten: phrases replaced, clauses that can only be dropped removed, comparisons marked as
    needing a source, and any missing mandatory statement appended."""
    text = script
    for flag in flags:
        if flag.rewrite == "replace" and flag.instead is not None:
            text = text.replace(flag.found, flag.instead)
        elif flag.rewrite == "mark":
            text = text.replace(flag.found, flag.found + message("pitch_source_needed", language), 1)
    dropped = [flag.found for flag in flags if flag.rewrite == "drop"]
    clauses = [clause for clause in _CLAUSE_END.split(text) if not any(found in clause for found in dropped)]
    text = "".join(clauses).strip().rstrip("，,;；")
    for flag in flags:
        if flag.instead is None:
            text = f"{text}。{flag.found}。" if language == "zh" else f"{text} ({flag.found})"
    return text


def pitch_report(script: str, language: str) -> list[str]:
    """Chat bubbles: each rule broken (with citation, what was found, how to say it), a rewording, the note."""
    flags = check_script(script, language)
    if not flags:
        return [message("pitch_clean", language), message("not_legal_advice", language)]
    rules = {rule["id"]: rule for rule in _rules()}
    lines = []
    for rule_id in dict.fromkeys(flag.rule_id for flag in flags):
        rule = rules[rule_id]
        found = [flag for flag in flags if flag.rule_id == rule_id]
        header = f"{pick(rule['title'], language)}" + message(
            "cited", language, cites=cite_labels(rule["cite"], language)
        )
        detail = [str(pick(rule["explain"], language))]
        for flag in found:
            if flag.instead is None:
                detail.append(message("pitch_missing", language, statement=flag.found))
            else:
                detail.append(message("pitch_found", language, found=flag.found, instead=flag.instead))
        lines.append(header + "\n" + "\n".join(f"  - {item}" for item in detail))
    return [
        message("pitch_heading", language, count=len(flags)) + "\n" + numbered(lines),
        message("pitch_rewrite", language, text=reworded(script, flags, language)),
        message("not_legal_advice", language),
    ]
