"""Graded risk assessment: none, concern, high or imminent, with the words that raised it.

Three layers, each able only to raise the level:
1. the lexicon: nlu/lexicon/safety.yml (explicit and coded words; level high) and nlu/lexicon/risk.yml (means,
   injuries, places and times → imminent; hopelessness and crying → concern; pinyin, abbreviations, slang);
   everyday hyperbole ("累死了", "this fee is killing me") is blanked out first;
2. the encoder: a classifier on the message's multilingual E5 vector (nlu/risk_model.py), thresholds learned;
3. the conversation: `person_level` adds up the recent turns (a farewell after low mood, concern said twice).
A "no" that names the act ("没有，我没想过伤害自己") is the check-in's answer, not a disclosure: `denies_risk`
(`denial` in nlu/lexicon/risk.yml) keeps only its distress words and skips the encoder, which reads the act's words.

The Rasa pipeline (nlu/components/safety_override.py) and the app's message path both call `assess_risk`, so a
crisis gets the same answer whether Rasa is up, down, or a worker holds the conversation.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from nlu.safety import RiskKind, _views, assess, load_lexicon, mentions_hyperbole

log = logging.getLogger(__name__)

Level = Literal["none", "concern", "high", "imminent"]
LEVELS: tuple[Level, ...] = ("none", "concern", "high", "imminent")
ROOT = Path(__file__).resolve().parents[1]
RISK_LEXICON_PATH = Path(__file__).parent / "lexicon" / "risk.yml"
MODEL_VARIABLE = "HOTLINE_RISK_MODEL"


def rank(level: str) -> int:
    """0 for none … 3 for imminent."""
    return LEVELS.index(level)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RiskSignal:
    """One reason for a level: where it came from and the words (or score) behind it."""

    level: Level
    kind: RiskKind
    category: str
    evidence: str
    source: Literal["lexicon", "encoder", "intent", "conversation"]


@dataclass(frozen=True)
class RiskAssessment:
    """The level of one message (or of the person, after `person_level`) and every signal behind it."""

    level: Level
    kind: RiskKind | None = None
    signals: tuple[RiskSignal, ...] = field(default_factory=tuple)
    score: float = 0.0
    # The person at risk cannot be reached ("电话一直不接"): raises nothing alone, escalates a high window.
    unreachable: bool = False

    @property
    def is_crisis(self) -> bool:
        """High or imminent: the crisis reply, hotlines and an urgent case."""
        return rank(self.level) >= rank("high")

    @property
    def needs_care(self) -> bool:
        """Anything above none: at least acknowledge the feeling and check in."""
        return self.level != "none"

    @property
    def top_evidence(self) -> list[str]:
        """The words of the signals at this assessment's own level (what raised it this high)."""
        return [s.evidence for s in self.signals if s.level == self.level and s.evidence] or self.evidence

    @property
    def evidence(self) -> list[str]:
        """The words that raised the level, strongest first, without repeats."""
        seen: list[str] = []
        for signal in sorted(self.signals, key=lambda s: -rank(s.level)):
            if signal.evidence and signal.evidence not in seen:
                seen.append(signal.evidence)
        return seen

    @property
    def words_said(self) -> list[str]:
        """The person's own words that raised the level (word lists only: the encoder's evidence is a score)."""
        return [s.evidence for s in sorted(self.signals, key=lambda s: -rank(s.level)) if s.source == "lexicon"]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for the parse output and the case store."""
        return {
            "level": self.level,
            "kind": self.kind,
            "score": round(self.score, 4),
            "unreachable": self.unreachable,
            "signals": [
                {"level": s.level, "kind": s.kind, "category": s.category, "evidence": s.evidence, "source": s.source}
                for s in self.signals
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RiskAssessment:
        """Inverse of `as_dict`; None or a malformed value is `none` (never raises on stored data)."""
        if not isinstance(data, dict) or data.get("level") not in LEVELS:
            return NO_RISK
        signals = tuple(
            RiskSignal(s["level"], s["kind"], s.get("category", ""), s.get("evidence", ""), s.get("source", "lexicon"))
            for s in data.get("signals") or []
            if isinstance(s, dict) and s.get("level") in LEVELS
        )
        return cls(
            data["level"], data.get("kind"), signals, float(data.get("score") or 0.0), bool(data.get("unreachable"))
        )


NO_RISK = RiskAssessment("none")


@dataclass(frozen=True)
class _GradedRule:
    rule_id: str
    level: Level
    kind: RiskKind
    category: str
    script: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Accumulation:
    window_turns: int
    concern_turns_to_high: int
    imminent_categories: frozenset[str]
    unreachable: dict[str, re.Pattern[str]]


@dataclass(frozen=True)
class _Denial:
    """How a "no" that names the act is told from a disclosure (nlu/lexicon/risk.yml `denial`), per script."""

    starts: dict[str, re.Pattern[str]]
    negated_before: dict[str, re.Pattern[str]]
    reversal: dict[str, re.Pattern[str]]
    acts: dict[str, re.Pattern[str]]
    window: dict[str, int]


@dataclass(frozen=True)
class _GradedLexicon:
    """nlu/lexicon/risk.yml, read and compiled once: the graded patterns, the "resolved" patterns, the denial
    patterns and the accumulation settings."""

    rules: tuple[_GradedRule, ...]
    resolved_zh: re.Pattern[str]
    resolved_en: re.Pattern[str]
    accumulation: _Accumulation
    short_message_units: int
    denial: _Denial
    sleep_complaint: dict[str, re.Pattern[str]]


@lru_cache(maxsize=2)
def _graded_lexicon(path: Path = RISK_LEXICON_PATH) -> _GradedLexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for entry in data["patterns"]:
        if entry["level"] not in LEVELS[1:] or entry["kind"] not in data["kinds"]:
            raise ValueError(f"{path}: bad level or kind in pattern {entry.get('id')}")
        rules.append(
            _GradedRule(
                entry["id"],
                entry["level"],
                entry["kind"],
                entry["category"],
                entry["script"],
                re.compile(entry["regex"]),
            )
        )
    short_units = int(data["encoder_alone"]["short_message_units"])
    acc = data["accumulation"]
    accumulation = _Accumulation(
        int(acc["window_turns"]),
        int(acc["concern_turns_to_high"]),
        frozenset(acc["imminent_categories"]),
        {script: re.compile(pattern) for script, pattern in acc["unreachable"].items()},
    )
    resolved = data["resolved"]
    words = data["denial"]

    def per_script(part: str) -> dict[str, re.Pattern[str]]:
        return {script: re.compile(pattern) for script, pattern in words[part].items()}

    denial = _Denial(
        per_script("starts"),
        per_script("negated_before"),
        per_script("reversal"),
        per_script("acts"),
        {script: int(n) for script, n in words["window"].items()},
    )
    sleep = {script: re.compile(pattern) for script, pattern in data["encoder_alone"]["sleep_complaint"].items()}
    return _GradedLexicon(
        tuple(rules), re.compile(resolved["zh"]), re.compile(resolved["en"]), accumulation, short_units, denial, sleep
    )


# Filler in front of a matched phrase ("我快崩溃了" → "快崩溃了"): the words a worker reads are the phrase itself.
_LEADING_FILLER = re.compile(r"^(我|你|他|她|人|自己|真的|实在|感觉|觉得|已经|好像)+(?=..)")


def _evidence(matched: str) -> str:
    return _LEADING_FILLER.sub("", matched)


def lexicon_signals(text: str) -> list[RiskSignal]:
    """Signals from both word lists (empty for commands and empty text); a denial keeps only its distress words."""
    signals = _word_signals(text)
    if any(s.level != "concern" for s in signals) and denies_risk(text):
        return [s for s in signals if s.level == "concern"]
    return signals


_CLAUSE = re.compile(r"[，。！？；、,.!?;\n…]+")


def denies_risk(text: str) -> bool:
    """True for a "no" that names the act ("没有，我没想过伤害自己", "no, I've never thought about killing myself"):
    it starts by saying no, nothing turns it round, and each crisis phrase has a negation just before it."""
    denial = _graded_lexicon().denial
    compact, spaced = _views(text, load_lexicon())
    opening = _views(_CLAUSE.split(text.strip(), maxsplit=1)[0], load_lexicon())
    if not (denial.starts["zh"].search(opening[0]) or denial.starts["en"].search(opening[1])):
        return False
    if denial.reversal["zh"].search(compact) or denial.reversal["en"].search(spaced):
        return False
    verdicts = [_negated(clause, denial) for clause in _CLAUSE.split(text) if clause.strip()]
    # It must name the act ("我没想过伤害自己"); "No. I have pills ready" names none and is no denial.
    return all(verdict is not False for verdict in verdicts) and any(verdict for verdict in verdicts)


def _negated(clause: str, denial: _Denial) -> bool | None:
    """True when every crisis phrase of the clause has a negation just before it, False when one has not, None
    when it holds none."""
    views = dict(zip(("zh", "en"), _views(clause, load_lexicon()), strict=True))
    starts = [(rule.script, m.start()) for rule in _graded_lexicon().rules if rule.level != "concern"
              for m in [rule.pattern.search(views[rule.script])] if m]  # fmt: skip
    matched = assess(clause).matched
    if matched:
        script = "zh" if _CJK.search(matched) else "en"
        starts.append((script, max(0, views[script].find(matched))))
    starts += [(script, m.start()) for script in ("zh", "en") for m in denial.acts[script].finditer(views[script])]
    if not starts:
        return None
    window = denial.window
    return all(denial.negated_before[script].search(views[script][max(0, at - window[script]) : at])
               for script, at in starts)  # fmt: skip


def _word_signals(text: str) -> list[RiskSignal]:
    if not text or text.startswith("/"):
        return []
    signals: list[RiskSignal] = []
    verdict = assess(text)
    if verdict.kind is not None:
        category = "danger_to_others" if verdict.kind == "danger_to_others" else (verdict.rule or "explicit")
        signals.append(RiskSignal("high", verdict.kind, category, _evidence(verdict.matched or ""), "lexicon"))
    compact, spaced = _views(text, load_lexicon())
    lexicon = _graded_lexicon()
    for rule in lexicon.rules:
        found = rule.pattern.search(compact if rule.script == "zh" else spaced)
        if found:
            signals.append(RiskSignal(rule.level, rule.kind, rule.category, _evidence(found.group(0)), "lexicon"))
    concern_only = bool(signals) and all(s.level == "concern" for s in signals)
    if concern_only and _resolved_in(compact, spaced):
        return []
    return signals


def says_resolved(text: str) -> bool:
    """Distress told as over or being coped with ("以前…现在好多了", "but I'm okay")."""
    return _resolved_in(*_views(text, load_lexicon()))


def _resolved_in(compact: str, spaced: str) -> bool:
    lexicon = _graded_lexicon()
    return bool(lexicon.resolved_zh.search(compact) or lexicon.resolved_en.search(spaced))


@lru_cache(maxsize=1)
def _model() -> Any:
    """The trained encoder classifier (models/risk.npz), or None when it is missing (lexicon only, logged)."""
    from nlu.risk_model import RiskModel

    path = Path(os.environ.get(MODEL_VARIABLE) or ROOT / "models" / "risk.npz")
    if not path.exists():
        log.error("risk model %s is missing: run `make train`; assessing with the lexicon only", path)
        return None
    try:
        return RiskModel.load(path)
    except (KeyError, ValueError, OSError):  # a file from an older layout: the word lists still answer
        log.exception("risk model %s cannot be read: run `make train`; assessing with the lexicon only", path)
        return None


def encoder_signal(vector: Any, text: str) -> RiskSignal | None:
    """The classifier's level for an E5 vector of `text`, or None below every threshold / without a model."""
    model = _model()
    if model is None or vector is None:
        return None
    level, score = model.levels(vector, [text])[0]
    if level == "none":
        return None
    kind: RiskKind = "suicide_risk"
    return RiskSignal(level, kind, "encoder", f"{text[:40]}… ({score:.2f})" if len(text) > 40 else text, "encoder")


def combine(signals: Sequence[RiskSignal], score: float = 0.0) -> RiskAssessment:
    """The highest level among the signals; danger to others names the kind when it is among the top ones."""
    if not signals:
        return RiskAssessment("none", score=score)
    top = max(rank(s.level) for s in signals)
    kinds = {s.kind for s in signals if rank(s.level) == top}
    kind: RiskKind = "danger_to_others" if "danger_to_others" in kinds else "suicide_risk"
    return RiskAssessment(LEVELS[top], kind, tuple(signals), score)


def assess_risk(text: str, vector: Any = None, encode: bool = False) -> RiskAssessment:
    """The level of one message. `vector` is its E5 vector when the caller has it (the Rasa pipeline does);
    `encode=True` computes it here (the app's message path, when Rasa does not see the message)."""
    signals = lexicon_signals(text)
    if denies_risk(text):
        # The answer "no" to the check-in: the classifier reads the act's words, not the "no" before them.
        return combine(signals)
    if vector is None and encode and text and not text.startswith("/"):
        vector = _encode(text)
    found = encoder_signal(vector, text) if vector is not None else None
    if found is not None and not signals:
        found = held_encoder_signal(found, text)
    if found is not None:
        signals.append(found)
    return replace(combine(signals), unreachable=cannot_be_reached(text))


def cannot_be_reached(text: str) -> bool:
    """True when the message says someone cannot be reached ("打她电话一直不接", "she isn't picking up")."""
    if not text or text.startswith("/"):
        return False
    return _says(text, _graded_lexicon().accumulation.unreachable)


def _says(text: str, patterns: dict[str, re.Pattern[str]]) -> bool:
    """True when a {zh, en} word list matches the text on the views the assessment uses."""
    compact, spaced = _views(text, load_lexicon())
    return bool(patterns["zh"].search(compact) or patterns["en"].search(spaced))


def held_encoder_signal(found: RiskSignal, text: str) -> RiskSignal | None:
    """The classifier's verdict when the word lists found nothing, held to what it can tell on its own.

    - Everyday hyperbole ("笑死", "we killed it") reads like risk to a classifier of words and meaning: no signal.
    - A concern told as over or being coped with stays at none, as it does for the word lists.
    - A very short message gives the vector too little to go on ("我还在等" read as concern, "你好 在不在" as
      imminent): its concern counts for nothing and anything higher as concern (a direct, gentle question).
    - A plain sleep complaint ("I keep waking up at night") reads like "never wake up": concern at most.
    Its imminent verdicts stand: most imminent messages paraphrase a means or an act the lists do not name
    (capping them at high cut imminent recall on the independent set from 0.80 to 0.28).
    """
    if mentions_hyperbole(text):
        return None
    if found.level == "concern" and says_resolved(text):
        return None
    if _length_units(text) < _graded_lexicon().short_message_units:
        if found.level == "concern":
            return None
        return RiskSignal("concern", found.kind, found.category, found.evidence, found.source)
    if found.level != "concern" and _says(text, _graded_lexicon().sleep_complaint):
        return RiskSignal("concern", found.kind, found.category, found.evidence, found.source)
    return found


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_]+|\d+")


def _length_units(text: str) -> int:
    """CJK characters plus words in other scripts: "你好 在不在" → 5, "i'm done" → 3."""
    cjk = len(_CJK.findall(text))
    return cjk + len(_WORD.findall(_CJK.sub(" ", text)))


def _encode(text: str) -> Any:
    try:
        from nlu.multilingual_encoder import shared_encoder

        return shared_encoder().encode_one(text)
    except Exception:  # the lexicon still answers; a broken encoder must not silence the crisis path
        log.exception("sentence encoder unavailable; risk assessed with the lexicon only")
        return None


def person_level(turns: Sequence[RiskAssessment]) -> RiskAssessment:
    """The level after the last of `turns` (oldest first), adding up the recent ones.

    - concern said again within the window (the person keeps saying it) → high: ask directly, open a case;
    - a high signal when the window also holds a means, injury, place or time → imminent;
    - the level never falls below the highest of the window (risk does not go down because the topic changed).
    """
    if not turns:
        return NO_RISK
    rules = _graded_lexicon().accumulation
    window = list(turns[-rules.window_turns :])
    current = window[-1]
    level = max(rank(t.level) for t in window)
    added: list[RiskSignal] = []
    concern_turns = sum(1 for t in window if rank(t.level) >= rank("concern"))
    if level == rank("concern") and concern_turns >= rules.concern_turns_to_high:
        level = rank("high")
        added.append(RiskSignal("high", "suicide_risk", "repeated_concern", "", "conversation"))
    has_means = any(s.category in rules.imminent_categories for t in window for s in t.signals)
    if level == rank("high") and has_means and current.needs_care:
        level = rank("imminent")
        added.append(RiskSignal("imminent", "suicide_risk", "means_in_conversation", "", "conversation"))
    if level == rank("high") and current.unreachable and any(t.is_crisis and t.kind == "suicide_risk" for t in window):
        level = rank("imminent")
        added.append(RiskSignal("imminent", "suicide_risk", "unreachable_after_risk", "", "conversation"))
    signals = tuple(s for t in window for s in t.signals) + tuple(added)
    kinds = {s.kind for s in signals if rank(s.level) == level}
    kind: RiskKind | None = None
    if level:
        kind = "danger_to_others" if "danger_to_others" in kinds else "suicide_risk"
    return RiskAssessment(LEVELS[level], kind, signals, current.score, current.unreachable)
