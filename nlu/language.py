"""Per-message language detection (zh / en), pure Python so both environments can use it."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_THRESHOLDS = Path(__file__).with_name("lexicon") / "language.yml"


@functools.lru_cache(maxsize=1)
def _switch_thresholds() -> dict[str, int]:
    with open(_THRESHOLDS, encoding="utf-8") as handle:
        thresholds: dict[str, int] = yaml.safe_load(handle)["switch"]
    return thresholds


def detect_language(text: str) -> str | None:
    """Return "zh" or "en" for a message, or None when it carries no signal (emoji, numbers, "ok").

    Any Chinese character makes the message Chinese: mixed messages such as "抖音上买的bag是fake"
    are written by Chinese speakers. Two or more Latin words without Chinese make it English.
    """
    if not text or text.startswith("/"):
        return None
    if _CJK.search(text):
        return "zh"
    if len(_LATIN_WORD.findall(text)) >= 2:
        return "en"
    return None


def detect_opening_language(text: str) -> str | None:
    """Like `detect_language`, but a lone Latin word ("hi", "hello", "help") counts as English.

    Used only until the conversation has shown a language: an English speaker who opens with "hi" must not get
    a Chinese menu, while a lone "ok" later in a Chinese conversation still keeps it Chinese.
    """
    detected = detect_language(text)
    if detected or not text or text.startswith("/"):
        return detected
    return "en" if _LATIN_WORD.search(text) else None


def language_switch(text: str, current: str | None) -> str | None:
    """The language a person switches to with `text`, or None when it keeps `current`.

    The reply language belongs to the person, so only a sentence in the other language switches it: a lone
    "ok", "好的", a number, an order id or a button payload never does, and an English sentence naming a
    Chinese platform ("I bought it on 抖音") stays English.
    """
    if not text or text.startswith("/"):
        return None
    limits = _switch_thresholds()
    chinese = len(_CJK.findall(text))
    latin = len(_LATIN_WORD.findall(text))
    if current != "zh" and chinese >= limits["min_chinese_chars"] and chinese > latin:
        return "zh"
    if current != "en" and latin >= limits["min_latin_words"] and chinese < limits["min_chinese_chars"]:
        return "en"
    return None
