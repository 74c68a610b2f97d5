"""Statute texts in the shared laws directory: find a law's file and the text of one article."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

LAWS_DIR = Path(
    os.environ.get("HOTLINE_LAWS_DIR", Path(__file__).resolve().parent.parent.parent / "shared" / "domain" / "laws")
)

_DIGITS = "零一二三四五六七八九"
_ARTICLE_LINE = re.compile(r"^第([零一二三四五六七八九十百千]+)条(?:之[一二三四五六七八九十]+)?[\s　]")


def chinese_numeral(number: int) -> str:
    """Write 1..9999 the way statutes number articles (55 → 五十五, 10 → 十, 105 → 一百零五)."""
    if not 0 < number < 10000:
        raise ValueError(f"article number out of range: {number}")
    units = [(1000, "千"), (100, "百"), (10, "十")]
    text = ""
    rest = number
    pending_zero = False
    for value, unit in units:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                text += "零"
                pending_zero = False
            # Statutes write 10..19 as 十, 十一 … but 110 as 一百一十.
            text += ("" if (value == 10 and digit == 1 and not text) else _DIGITS[digit]) + unit
        elif text:
            pending_zero = True
    if rest:
        if pending_zero:
            text += "零"
        text += _DIGITS[rest]
    return text


def law_file(law: str) -> Path | None:
    """The file holding `law` (its name up to the date in brackets, e.g. 消费者权益保护法), or None."""
    for path in sorted(LAWS_DIR.glob("*.md")):
        if path.stem.split("(")[0] == law:
            return path
    return None


@functools.cache
def _articles(path: Path) -> dict[str, str]:
    """Map each article heading number (in Chinese numerals) to its full text, paragraphs joined."""
    articles: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ARTICLE_LINE.match(line)
        if match:
            current = match.group(1)
            articles[current] = line
        elif line.startswith("#"):
            current = None  # a chapter heading ends the article before it
        elif current is not None and line.strip():
            articles[current] += "\n" + line
    return articles


def article_text(law: str, article: int) -> str | None:
    """The text of `law` article `article`, or None when the law or the article is missing."""
    path = law_file(law)
    if path is None:
        return None
    return _articles(path).get(chinese_numeral(article))
