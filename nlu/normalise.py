"""Normalisers turning what users write into the canonical entity values of docs/contracts.md.

Pure Python (stdlib + PyYAML): money in yuan as a decimal string, "days ago" as whole days relative to a
given date, and platform / product-category / service-line / language names mapped to canonical values.
The word lists live in `nlu/lexicon/entities.yml`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).parent / "lexicon" / "entities.yml"

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_SUFFIX_MULTIPLIERS = {"w": 10_000, "万": 10_000, "萬": 10_000, "k": 1000, "千": 1000, "百": 100, "亿": 100_000_000}
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
}  # fmt: skip
_UNIT_DAYS = {
    "天": 1, "日": 1, "day": 1, "days": 1, "周": 7, "星期": 7, "个星期": 7, "個星期": 7, "礼拜": 7,
    "个礼拜": 7, "禮拜": 7, "week": 7, "weeks": 7, "月": 30, "个月": 30, "個月": 30, "month": 30,
    "months": 30,
}  # fmt: skip
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_WEEKDAYS_EN = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTHS_EN = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")]
    )
    for m in names
}  # fmt: skip
_RELATIVE_DAYS = {
    "今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2, "大前天": 3, "today": 0, "yesterday": 1,
    "the day before yesterday": 2, "上周": 7, "上个星期": 7, "上個星期": 7, "上礼拜": 7, "上禮拜": 7,
    "上个礼拜": 7, "last week": 7, "上个月": 30, "上個月": 30, "last month": 30,
}  # fmt: skip


def format_number(value: Decimal | float | int) -> str:
    """Render a number as the contract's decimal string: "899", "12000", "1.5" (no trailing zeros)."""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def chinese_number(text: str) -> Decimal | None:
    """Parse a Chinese or Arabic numeral ("五百", "一万五", "两千三百", "1.2", "3千") into a number.

    Colloquial trailing digits follow the previous unit: "一万五" is 15000, "三千五" is 3500.
    Returns None when the text is not a number.
    """
    text = text.strip().replace("點", "点")
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return Decimal(text)
    mixed = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万萬亿億])", text)
    if mixed:
        unit = _SMALL_UNITS.get(mixed.group(2)) or _BIG_UNITS[mixed.group(2)]
        return Decimal(mixed.group(1)) * unit
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = chinese_number(whole)
        if head is None or not frac or any(c not in _DIGITS for c in frac):
            return None
        return head + Decimal("0." + "".join(str(_DIGITS[c]) for c in frac))
    total, section, digit = 0, 0, None
    last_unit = 1
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            section += (digit if digit is not None else 1) * unit
            digit, last_unit = None, unit
        elif char in _BIG_UNITS:
            unit = _BIG_UNITS[char]
            total += (section + (digit or 0)) * unit
            section, digit, last_unit = 0, None, unit
        else:
            return None
    if digit is not None:
        # "一万五" / "三千五": a lone trailing digit counts in tenths of the last unit.
        section += digit * (last_unit // 10) if last_unit >= 100 else digit
    return Decimal(total + section)


_NUM = r"\d+(?:\.\d+)?|[零〇一二两兩三四五六七八九十百千万萬亿億壹贰叁肆伍陆柒捌玖拾佰仟点點]+"
_MONEY_PHRASE = re.compile(
    rf"^(?:¥|￥|rmb|cny)?\s*(?P<num>{_NUM})\s*(?P<mult>w|k|万|萬|千|百|亿)?\s*"
    r"(?:元|块钱|块|塊錢|塊|圆|rmb|yuan|cny|kuai|bucks)?$",
    re.IGNORECASE,
)


def parse_money(text: str) -> str | None:
    """Normalise a money phrase to yuan: "五百块"→"500", "3千"→"3000", "1.2w"→"12000", "¥899"→"899"."""
    match = _MONEY_PHRASE.match(text.strip().lower().replace(",", "").replace("，", ""))
    if not match:
        return None
    number = chinese_number(match.group("num"))
    if number is None:
        return None
    mult = match.group("mult")
    if mult:
        number *= _SUFFIX_MULTIPLIERS[mult]
    return format_number(number)


def _count(word: str) -> Decimal | None:
    """A count written in digits, Chinese numerals or English words ("3", "三", "半", "three", "a")."""
    word = word.strip().lower()
    if word in ("半", "half a", "half"):
        return Decimal("0.5")
    if word in _EN_NUMBERS:
        return Decimal(_EN_NUMBERS[word])
    return chinese_number(word)


def _weekday_days_ago(today: date, weekday: int, previous_week: bool) -> int | None:
    """Days back to `weekday` of the previous calendar week, or of this week if it is not in the future."""
    monday = today - timedelta(days=today.weekday())
    target = monday - timedelta(days=7) + timedelta(days=weekday) if previous_week else monday + timedelta(days=weekday)
    delta = (today - target).days
    return delta if delta >= 0 else None


def _date_days_ago(today: date, month: int, day: int, year: int | None = None) -> int | None:
    """Days since a calendar date; without a year, a date later than today means last year."""
    try:
        when = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and when > today:
        when = date(today.year - 1, month, day)
    delta = (today - when).days
    return delta if delta >= 0 else None


_DAYS_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in [
        (r"^(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})(?:日|号|號)?", "date"),
        (r"^(?:on )?(?P<mon>[a-z]{3,9})\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?$", "date_en"),
        (r"^(?:on )?(?:the )?(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mon>[a-z]{3,9})$", "date_en"),
        (r"^(?P<prev>上个?|这个?|這個?|本)(?:周|星期|禮拜|礼拜)(?P<wd>[一二三四五六日天末])", "weekday_zh"),
        (r"^(?:(?P<prev>last|this) )(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", "weekday_en"),
        (
            r"^(?P<n>\d+|[一二两兩三四五六七八九十半]+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|"
            r"nine|ten|eleven|twelve|half a)\s*"
            r"(?P<unit>天|日|个星期|個星期|星期|周|个礼拜|个月|個月|days?|weeks?|months?)",
            "count",
        ),
    ]
)


def parse_days_ago(text: str, today: date) -> str | None:
    """Whole days before `today` for "三天前", "前天", "上周五", "11月3号", "3 days ago", "半个月了"…

    Weeks count 7 days and months 30. "上周五" is Friday of the previous calendar week; "last friday" is the
    most recent Friday before today. Returns None for text that is not a date or lies in the future.
    """
    phrase = text.strip().lower()
    phrase = re.sub(r"\s+", " ", phrase)
    phrase = re.sub(r"^(?:for|in) (?:the )?(?:past |last )?", "", phrase)
    if phrase in _RELATIVE_DAYS:
        return str(_RELATIVE_DAYS[phrase])
    for pattern, kind in _DAYS_PATTERNS:
        m = pattern.match(phrase)
        if not m or (kind == "date_en" and m.group("mon") not in _MONTHS_EN):
            continue
        days: int | None = None
        if kind == "date":
            year = int(m.group("y")) if m.group("y") else None
            days = _date_days_ago(today, int(m.group("m")), int(m.group("d")), year)
        elif kind == "date_en":
            days = _date_days_ago(today, _MONTHS_EN[m.group("mon")], int(m.group("d")))
        elif kind == "weekday_zh":
            days = _weekday_days_ago(today, _WEEKDAYS_ZH[m.group("wd")], m.group("prev").startswith("上"))
        elif kind == "weekday_en":
            weekday = _WEEKDAYS_EN[m.group("wd")]
            if m.group("prev") == "last":
                # "last friday" = the most recent Friday before today.
                days = (today.weekday() - weekday - 1) % 7 + 1
            else:
                days = _weekday_days_ago(today, weekday, previous_week=False)
        elif kind == "count":
            count = _count(m.group("n"))
            unit = m.group("unit")
            if count is not None:
                days = int(count * _UNIT_DAYS[unit])
        # The first pattern that matches decides: an impossible "2月30日" is not "2 months".
        return str(days) if days is not None else None
    return None


@lru_cache(maxsize=2)
def load_entity_lexicon(path: Path = LEXICON_PATH) -> dict[str, Any]:
    """The entity word lists, read once."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=8)
def surface_map(entity: str) -> dict[str, str]:
    """Lower-cased surface form → canonical value for a lexicon entity (platform, product_category, …)."""
    table: dict[str, list[str]] = load_entity_lexicon()[entity]
    return {str(word).lower(): canonical for canonical, words in table.items() for word in words}


def canonical(entity: str, surface: str) -> str | None:
    """Canonical value for a surface form, e.g. canonical("platform", "抖音") == "douyin"."""
    return surface_map(entity).get(surface.strip().lower())
