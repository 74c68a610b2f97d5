"""Published typical cases (knowledge/precedents.yml) that match a person's message, with their own numbers.

A consultation answer adds the best-matching case as "a similar case", so the person hears how a comparable
dispute was decided (and whether that was a judgment, a settlement or a court's discretion). Matching is by
groups of patterns in the data: every group must find one of its patterns in the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from kb.knowledge import document
from kb.render import pick

WAN = Decimal(10000)
THOUSAND = Decimal(1000)
_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(万|千)?\s*(?:块|元)?\s*([0-9])?")


@dataclass(frozen=True)
class Precedent:
    """One matched case: its id, the text to show (numbers filled in) and its citations."""

    case_id: str
    text: str
    cites: tuple[str, ...]
    # The outcome in two sentences, for a first answer with no room for `text` (same as `text` when not given).
    short: str = ""


def _cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = document("precedents.yml")["cases"]
    return cases


def parse_yuan(raw: str) -> Decimal | None:
    """ "3万" → 30000, "159块2" → 159.2, "38,888" → 38888, "1.5万" → 15000; None when it is no amount."""
    cleaned = raw.translate(str.maketrans("０１２３４５６７８９，", "0123456789,")).replace(",", "")
    found = _NUMBER.search(cleaned)
    if not found:
        return None
    try:
        value = Decimal(found.group(1))
    except InvalidOperation:
        return None
    if found.group(2) == "万":
        value *= WAN
    elif found.group(2) == "千":
        value *= THOUSAND
    elif found.group(3):  # "159块2": the digit after 块 is tenths of a yuan
        value += Decimal(found.group(3)) / 10
    return value


def _amounts(case: dict[str, Any], text: str) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for name, patterns in (case.get("amounts") or {}).items():
        for pattern in patterns:
            hit = re.search(pattern, text)
            value = parse_yuan(hit.group("v")) if hit else None
            if value is not None:
                found[name] = value
                break
    return found


def _matches(case: dict[str, Any], text: str, language: str) -> bool:
    groups = case["match"].get(language) or case["match"]["zh"]
    lowered = text.lower()
    return all(any(re.search(p, lowered if language == "en" else text) for p in group) for group in groups)


def _money(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{rounded:f}".rstrip("0").rstrip(".") if "." in f"{rounded:f}" else f"{rounded:f}"


def _proportional_refund(amounts: dict[str, Decimal]) -> dict[str, str]:
    fee, target, actual = amounts["fee"], amounts["target"], amounts["actual"]
    refund = fee * (1 - actual / target) if target else fee
    return {"fee": _money(fee), "target": _money(target), "actual": _money(actual), "refund": _money(refund)}


def _promise_versus_statutory(amounts: dict[str, Decimal]) -> dict[str, str] | None:
    """Only when the promise is above the statutory 3× (at least ¥500): otherwise the case does not apply."""
    paid = amounts.get("paid")
    if paid is None:
        return None
    statutory = max(paid * 3, Decimal(500))
    if amounts["promised"] <= statutory:
        return None
    return {"promised": _money(amounts["promised"]), "statutory": _money(statutory)}


COMPUTATIONS: dict[str, Callable[[dict[str, Decimal]], dict[str, str] | None]] = {
    "proportional_refund": _proportional_refund,
    "promise_versus_statutory": _promise_versus_statutory,
}


def matching_precedent(text: str, language: str, service_line: str | None = None) -> Precedent | None:
    """The first case in the file whose patterns all match `text` (and whose needed numbers are there)."""
    for case in _cases():
        if service_line and case["service_line"] != service_line:
            continue
        if not _matches(case, text, language):
            continue
        amounts = _amounts(case, text)
        if any(name not in amounts for name in case.get("requires_amounts") or []):
            continue
        values = COMPUTATIONS[case["compute"]](amounts) if case.get("compute") else {}
        if values is None:
            continue
        text = str(pick(case["text"], language)).format(**values)
        short = str(pick(case["short"], language)).format(**values) if case.get("short") else text
        return Precedent(case["id"], text, tuple(case.get("cite") or ()), short)
    return None
