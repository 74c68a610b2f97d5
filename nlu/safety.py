"""Crisis detector: explicit and coded suicide / violence expressions in Chinese (both scripts) and English.

Pure Python (stdlib + PyYAML) so the Rasa pipeline and the app's offline path (Rasa down) give the same
verdict. The expressions live in `nlu/lexicon/safety.yml`; this module only normalises text and matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from nlu.script import to_simplified

RiskKind = Literal["suicide_risk", "danger_to_others"]
LEXICON_PATH = Path(__file__).parent / "lexicon" / "safety.yml"

# Removed from the compact (Chinese) view so "不 想 活 了" and "不想活了！！" look the same.
_NON_WORD = re.compile(r"[\s\W_]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
# "她wants to die": English rules need a word boundary where Chinese and Latin letters touch.
_SCRIPT_BOUNDARY = re.compile(r"(?<=[\u3400-\u9fff])(?=[a-z])|(?<=[a-z])(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class SafetyVerdict:
    """Outcome of `assess`: `kind` is None when no risk was found; `matched` is the text that fired."""

    kind: RiskKind | None
    matched: str | None = None
    rule: str | None = None

    @property
    def is_crisis(self) -> bool:
        """True when the message needs the crisis flow."""
        return self.kind is not None

    @property
    def intent(self) -> str | None:
        """The Rasa intent name for this verdict (`safety_suicide_risk` / `safety_danger_to_others`)."""
        return f"safety_{self.kind}" if self.kind else None


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    kind: RiskKind
    script: Literal["zh", "en"]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Lexicon:
    hyperbole_zh: tuple[re.Pattern[str], ...]
    hyperbole_en: tuple[re.Pattern[str], ...]
    rules: tuple[_Rule, ...]


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> _Lexicon:
    """Read and compile the lexicon once; raises ValueError with the bad entry if the file is malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules: list[_Rule] = []
    for entry in data["patterns"]:
        if entry["kind"] not in ("suicide_risk", "danger_to_others") or entry["script"] not in ("zh", "en"):
            raise ValueError(f"{path}: bad kind or script in pattern {entry.get('id')}")
        rules.append(_Rule(entry["id"], entry["kind"], entry["script"], re.compile(entry["regex"])))
    # Danger to others first: a threat against someone may also mention dying together.
    rules.sort(key=lambda r: r.kind != "danger_to_others")
    return _Lexicon(
        hyperbole_zh=tuple(re.compile(p) for p in data["hyperbole"]["zh"]),
        hyperbole_en=tuple(re.compile(p) for p in data["hyperbole"]["en"]),
        rules=tuple(rules),
    )


def _views(text: str, lexicon: _Lexicon) -> tuple[str, str]:
    """The compact Simplified view (for zh rules) and the spaced lower-case view (for en rules)."""
    base = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    base = to_simplified(base)
    spaced = _SPACES.sub(" ", _SCRIPT_BOUNDARY.sub(" ", base)).strip()
    for pattern in lexicon.hyperbole_en:
        spaced = pattern.sub(" | ", spaced)
    compact = _NON_WORD.sub("", base)
    for pattern in lexicon.hyperbole_zh:
        # A separator keeps the text on either side from joining into a new phrase.
        compact = pattern.sub("|", compact)
    return compact, spaced


def assess(text: str, lexicon: _Lexicon | None = None) -> SafetyVerdict:
    """Decide whether a message signals suicide/self-harm risk or danger to others.

    Third-party reports ("my friend says she wants to die") count: the person at risk still needs help.
    Everyday hyperbole (笑死, 累死了, 死贵, "this fee is killing me") is removed before matching.
    """
    if not text or text.startswith("/"):
        return SafetyVerdict(None)
    lex = lexicon or load_lexicon()
    compact, spaced = _views(text, lex)
    for rule in lex.rules:
        found = rule.pattern.search(compact if rule.script == "zh" else spaced)
        if found:
            return SafetyVerdict(rule.kind, found.group(0), rule.rule_id)
    return SafetyVerdict(None)


def mentions_hyperbole(text: str, lexicon: _Lexicon | None = None) -> bool:
    """True when the message uses a death/kill word only as everyday hyperbole (used to veto the classifier)."""
    lex = lexicon or load_lexicon()
    base = to_simplified(unicodedata.normalize("NFKC", text).lower())
    compact = _NON_WORD.sub("", base)
    return any(p.search(compact) for p in lex.hyperbole_zh) or any(p.search(base) for p in lex.hyperbole_en)
