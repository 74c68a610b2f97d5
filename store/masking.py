"""Mask personal data (phone, ID-card, bank-card numbers, e-mail and street addresses) before storage and in logs.

Two ways to recognise a number. By context first: a digit run of plausible length next to 身份证 / ID / 银行卡 /
工资卡 / card / 账号 (store/masking.yml) is masked whatever its check digit, because people mistype. Without such a
word the number is checked: an 18-digit ID must carry a valid date and GB 11643 check digit, a card number must
pass the Luhn check, so order numbers the worker needs survive. Public service numbers listed in
knowledge/hotlines.yml are never masked.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.knowledge import document

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[0-9Xx](?![0-9A-Za-z])")
_CARD = re.compile(r"(?<![\d])(?:\d[ -]?){15,18}\d(?![\d])")
_CARD_CONTEXT = re.compile(r"(?:卡号|银行卡|储蓄卡|信用卡|账号|帐号|card|account)\D{0,6}$", re.IGNORECASE)
_MOBILE = re.compile(r"(?<![\d])(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d])")
_LANDLINE = re.compile(r"(?<![\d-])0\d{2,3}[ -]?\d{7,8}(?![\d])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_HAN = r"[\u4e00-\u9fff]"
_ZH_ADDRESS = re.compile(
    rf"(?:{_HAN}{{2,6}}(?:省|自治区))?(?:{_HAN}{{2,6}}市)?(?:{_HAN}{{1,6}}(?:区|县))?"
    rf"(?:{_HAN}{{1,10}}(?:路|街|大道|道|巷|弄|村)\s*[0-9一二三四五六七八九十百]+\s*号"
    rf"|{_HAN}{{2,10}}(?:小区|花园|公寓|大厦|苑))"
    rf"(?:\s*[\u4e00-\u9fffA-Za-z0-9-]{{0,12}}?[0-9A-Za-z一二三四五六七八九十]\s*(?:号楼|栋|幢|座|楼|单元|层|室))*"
)
_EN_ADDRESS = re.compile(
    r"\b(?:(?:Room|Rm|Flat|Apt|Unit)\.?\s*\d+[A-Za-z]?,?\s*)?\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Lu|Jie)\b\.?"
)


CONTEXT_FILE = Path(__file__).with_name("masking.yml")


@dataclass(frozen=True)
class _Context:
    tag: str
    before: re.Pattern[str]  # word … number
    after: re.Pattern[str]  # number … word


def _word_pattern(words: list[str]) -> str:
    # Latin words need a boundary ("ID" must not match inside "IDEA"); Chinese words do not.
    parts = [rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])" if w.isascii() else re.escape(w) for w in words]
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


@functools.lru_cache(maxsize=1)
def _context_data() -> tuple[tuple[_Context, ...], re.Pattern[str]]:
    with open(CONTEXT_FILE, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    gap = int(data["gap"])
    contexts = []
    for entry in data["contexts"]:
        fewest, most = entry["digits"]
        number = rf"(?<![\dXx])(?P<num>\d(?:[ -]?[\dXx]){{{fewest - 1},{most - 1}}})(?![\dXx])"
        word = _word_pattern(entry["words"])
        before = re.compile(rf"{word}[^\d<]{{0,{gap}}}?{number}", re.IGNORECASE)
        after = re.compile(rf"{number}[^\d<]{{0,4}}?{word}", re.IGNORECASE)
        contexts.append(_Context(entry["tag"], before, after))
    not_after = re.compile("(?:" + "|".join(re.escape(w) for w in data["not_after"]) + r")\s*$", re.IGNORECASE)
    return tuple(contexts), not_after


def _tag(kind: str, digits: str) -> str:
    return "<id-card>" if kind == "id-card" else f"<bank-card …{digits[-4:]}>"


def _mask_by_context(text: str) -> str:
    contexts, not_after = _context_data()
    for context in contexts:
        for pattern in (context.before, context.after):
            pieces, last = [], 0
            for match in pattern.finditer(text):
                digits = re.sub(r"[^\dXx]", "", match.group("num"))
                if digits in _public_numbers() or not_after.search(text[: match.start()]):
                    continue
                start, end = match.span("num")
                pieces += [text[last:start], _tag(context.tag, digits)]
                last = end
            text = "".join(pieces) + text[last:]
    return text


def phone_numbers(text: str) -> list[str]:
    """The personal phone numbers in `text` as digits (public service numbers left out)."""
    found = [re.sub(r"\D", "", m.group(0)) for m in (*_MOBILE.finditer(text), *_LANDLINE.finditer(text))]
    return [number for number in found if number not in _public_numbers()]


def _id_check_digit_ok(number: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _id_date_ok(number: str) -> bool:
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return True


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@functools.lru_cache(maxsize=1)
def _public_numbers() -> frozenset[str]:
    hotlines = document("hotlines.yml")
    numbers = [line["number"] for line in hotlines["lines"]] + list(hotlines["emergency_numbers"])
    return frozenset(re.sub(r"\D", "", number) for number in numbers)


def _mask_id_card(match: re.Match[str]) -> str:
    number = match.group(0)
    return "<id-card>" if _id_date_ok(number) and _id_check_digit_ok(number) else number


def _mask_card(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        if _luhn_ok(digits) or _CARD_CONTEXT.search(text[: match.start()]):
            return f"<bank-card …{digits[-4:]}>"
        return match.group(0)

    return _CARD.sub(replace, text)


def _mask_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if digits in _public_numbers():
        return match.group(0)
    return f"<phone …{digits[-4:]}>"


def mask(text: str) -> str:
    """`text` with personal identifiers replaced by tags such as <phone …5678> and <id-card>."""
    if not text:
        return text
    text = _mask_by_context(text)
    text = _ID_CARD.sub(_mask_id_card, text)
    text = _mask_card(text)
    text = _MOBILE.sub(_mask_phone, text)
    text = _LANDLINE.sub(_mask_phone, text)
    text = _EMAIL.sub("<email>", text)
    text = _ZH_ADDRESS.sub("<address>", text)
    return _EN_ADDRESS.sub("<address>", text)


class MaskingFilter(logging.Filter):
    """A logging filter that masks the formatted message (and drops its args) before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops a record."""
        record.msg = mask(record.getMessage())
        record.args = None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Mask every record that reaches the handlers of `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(existing, MaskingFilter) for existing in handler.filters):
            handler.addFilter(MaskingFilter())
