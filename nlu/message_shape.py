"""What a message looks like before it is understood: emoji only, one word, unreadable, or real text.

Pure Python (PyYAML only) so the NLU pipeline and the actions read a message's shape the same way. The emoji
and word lists live in `nlu/lexicon/shape.yml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

LEXICON_PATH = Path(__file__).parent / "lexicon" / "shape.yml"
ShapeKind = Literal["empty", "emoji_only", "one_word", "unreadable", "text"]
Distress = Literal["crying", "hurting", "self_harm"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"\s+")
# Variation selectors, zero-width joiners and skin tones glue emoji together; they are not content.
_EMOJI_GLUE = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


@dataclass(frozen=True)
class MessageShape:
    """`kind` of the message; `distress` when its emoji cry or hurt; `emoji` the emoji found, in order."""

    kind: ShapeKind
    distress: Distress | None = None
    emoji: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The shape as it appears in `/model/parse` (`shape`)."""
        return {"kind": self.kind, "distress": self.distress, "emoji": list(self.emoji)}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The emoji and word lists (loaded once)."""
    data: dict[str, Any] = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    return data


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) == "So" or "\U0001f000" <= char <= "\U0001faff"


def read_shape(text: str) -> MessageShape:
    """Classify a message by its form; `distress` is set from its emoji and words whatever the kind."""
    raw = _EMOJI_GLUE.sub("", text or "").strip()
    if not raw:
        return MessageShape("empty")
    emoji = tuple(c for c in raw if _is_emoji(c))
    spaced = "".join(c for c in raw if not _is_emoji(c)).strip()
    rest = _SPACES.sub("", spaced)
    words = lexicon()
    distress: Distress | None = None
    if any(e in words["hurting"] for e in emoji):
        lowered = raw.lower()
        distress = "self_harm" if any(w in lowered for w in words["self_harm_words"]) else "hurting"
    elif any(e in words["crying"] for e in emoji):
        distress = "crying"
    letters = [c for c in rest if c.isalnum()]
    if emoji and not letters:
        return MessageShape("emoji_only", distress, emoji)
    if not letters:
        return MessageShape("unreadable", distress, emoji)
    if _is_mash(spaced.lower(), int(words["mash_min_runs"]), int(words["mash_max_other_letters"])):
        return MessageShape("unreadable", distress, emoji)
    if _is_one_word(spaced, int(words["one_word_max_chars"])):
        return MessageShape("one_word", distress, emoji)
    return MessageShape("text", distress, emoji)  # includes bare numbers: "200" answers "how much?"


_MASH_RUN = re.compile(r"[b-df-hj-np-tv-xz]{4,}")


def _is_mash(lowered: str, min_runs: int, max_other: int) -> bool:
    runs = _MASH_RUN.findall(lowered)
    other = sum(1 for c in _MASH_RUN.sub("", lowered) if c.isalnum())
    return len(runs) >= min_runs and other <= max_other


def _is_one_word(text: str, max_chars: int) -> bool:
    """ "退货", "help", "假货？": a single short token with no sentence around it."""
    core = "".join(c for c in text if c.isalnum() or c.isspace()).strip()
    if _CJK.search(core):
        return len(core.replace(" ", "")) <= max_chars and not _LATIN_WORD.search(core)
    return bool(_LATIN_WORD.fullmatch(core))


def is_short(text: str) -> bool:
    """A few characters or words: "我被公司骗了", "I got scammed by my company"."""
    words = lexicon()
    core = "".join(c for c in text if c.isalnum() or c.isspace()).strip()
    if _CJK.search(core):
        return len(core.replace(" ", "")) <= int(words["short_message_max_chars"])
    return len(core.split()) <= int(words["short_message_max_words"])


def is_short_guess(text: str, confidence: float) -> bool:
    """True when a short message's reading is too weak to answer: it is asked about instead."""
    return is_short(text) and confidence < float(lexicon()["short_message_min_confidence"])


def answers_on_its_own(shape: MessageShape) -> bool:
    """True for emoji-only messages made only of answer emoji (👍, 🙏): the classifier reads those."""
    return shape.kind == "emoji_only" and all(e in lexicon()["answer_emoji"] for e in shape.emoji)
