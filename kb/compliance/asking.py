"""What the merchant asked for: a script to check (only text they asked to have checked) or a direct answer
about one or more claims ("能不能说X？")."""

from __future__ import annotations

import re
from typing import Any

from kb.compliance.checker import check_as
from kb.compliance.report import product_name
from kb.compliance.rules import classify
from kb.compliance.texts import text
from kb.knowledge import document
from kb.render import cite_labels, message, numbered

MIN_SCRIPT = 4


def _asking() -> Any:
    return document("merchant/asking.yml")


def _search(patterns: list[str], message_text: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = re.search(pattern, message_text, flags=re.IGNORECASE)
        if match:
            return match
    return None


def _after(match: re.Match[str] | None, message_text: str) -> str | None:
    if match and len(message_text[match.end() :].strip()) >= MIN_SCRIPT:
        return message_text[match.end() :].strip()
    return None


def marked_script(message_text: str) -> str | None:
    """The script after a label ("话术：…") or a request ("帮我看看这段话术 …"), or None."""
    asking = _asking()
    for patterns in (asking["script_markers"], asking["script_requests"]):
        script = _after(_search(patterns, message_text), message_text)
        if script:
            return script
    return None


def claims_asked(message_text: str) -> list[str]:
    """The claims a "can I say X?" question asks about (quoted phrases first), or [] when it is no such question."""
    asking = _asking()
    match = _search(asking["claim_questions"], message_text)
    if not match:
        return []
    quoted = [phrase.strip() for phrase in re.findall(asking["quoted"], message_text) if phrase.strip()]
    if quoted:
        return list(dict.fromkeys(quoted))
    claim = re.sub(asking["strip"], "", match.group("claim").strip(" ，,。.\"'“”‘’")).strip()
    return [claim] if claim else []


def claims_followed_up(message_text: str) -> list[str]:
    """The claim a follow-up asks about ("那“纯天然”呢？", "What about 'all natural'?"), quoted phrases first;
    [] when the message is no such follow-up. Only meaningful after a claim was answered."""
    asking = _asking()
    match = _search(asking.get("claim_followups", []), message_text.strip())
    if not match:
        return []
    quoted = [phrase.strip() for phrase in re.findall(asking["quoted"], message_text) if phrase.strip()]
    claim = match.group("claim").strip(" ，,。.\"'“”‘’")
    return list(dict.fromkeys(quoted)) or ([claim] if claim else [])


def script_in_message(message_text: str, intent: str | None) -> str | None:
    """The text the merchant asked to have checked: after a label or request; or the whole message when the
    NLU read it as a pitch check and it is not a question about claims. None otherwise."""
    script = marked_script(message_text)
    if script:
        return script
    if claims_asked(message_text):
        return None
    if intent == "merchant_pitch_check" and len(message_text.strip()) >= MIN_SCRIPT:
        # A bare paste: only when it already holds a flagged claim, so "帮我检查一下话术" is not a script.
        check = check_as(message_text, classify(message_text))
        return message_text.strip() if check.phrases else None
    return None


def claim_answer(message_text: str, claims: list[str], language: str, category: str | None = None) -> list[str]:
    """A direct answer for each claim asked about, judged for the product the message names."""
    product = classify(message_text, category)
    class_id = product.id if product else None
    lines: list[str] = []
    for claim in claims:
        check = check_as(claim, product)
        rules = list(dict.fromkeys(flag.rule for flag in check.phrases))
        if not rules:
            cites = message("cited", language, cites=cite_labels(["adl_4"], language))
            lines.append(text("answer_allowed", language, claim=claim, cites=cites))
        for rule in rules:
            cites = message("cited", language, cites=cite_labels(rule.cites(class_id), language))
            key = "answer_banned" if rule.banned else "answer_conditional"
            lines.append(
                text(
                    key,
                    language,
                    claim=claim,
                    explain=rule.text("explain", language),
                    advice=rule.text("advice", language),
                    cites=cites,
                )
            )
    name = product.name(language) if product else product_name(check_as("", None), language)
    footer = [text("answer_offer_check", language), message("not_legal_advice", language)]
    if product is None:
        footer.insert(0, text("answer_unknown_product", language))
    return [text("answer_heading", language, product=name) + "\n" + numbered(lines), "\n".join(footer)]
