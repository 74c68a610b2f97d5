"""Turn knowledge entries into short, numbered, cited texts for a phone screen (pure; no Rasa)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kb.knowledge import document


def pick(texts: Mapping[str, Any], language: str) -> Any:
    """The entry for `language` in a {"zh": …, "en": …} mapping, Chinese when missing."""
    return texts.get(language, texts["zh"])


def ui_text(key: str, language: str) -> str:
    """A short interface text from knowledge/ui.yml; `key` may be dotted ("menu_intro.consumer")."""
    node: Any = document("ui.yml")
    for part in key.split("."):
        node = node[part]
    return str(pick(node, language))


def message(key: str, language: str, **params: Any) -> str:
    """A text from knowledge/messages.yml with its {placeholders} filled."""
    return str(pick(document("messages.yml")[key], language)).format(**params)


_SHORT_LABEL = {"zh": re.compile(r"^(.+)第(\d+)条$"), "en": re.compile(r"^(.+) Art (\d+)$")}


def cite_labels(cites: Iterable[str], language: str) -> str:
    """The citations written for a reader, articles of one law grouped: "消保法第24、55条、民法典第201条"."""
    citations = document("citations.yml")
    groups: dict[str, list[str]] = {}
    for cid in dict.fromkeys(cites):
        label = str(pick(citations[cid]["short"], language))
        match = _SHORT_LABEL[language if language in _SHORT_LABEL else "zh"].match(label)
        law, article = (match.group(1), match.group(2)) if match else (label, "")
        if article not in groups.setdefault(law, []):  # two citations of one article are cited once
            groups[law].append(article)
    parts = []
    for law, found in groups.items():
        articles = sorted(found, key=lambda number: int(number) if number.isdigit() else 0)
        if articles == [""]:
            parts.append(law)
        elif language == "en":
            parts.append(f"{law} Art{'s' if len(articles) > 1 else ''} {', '.join(articles)}")
        else:
            parts.append(f"{law}第{'、'.join(articles)}条")
    return ("、" if language == "zh" else "; ").join(parts)


def with_cites(text: str, cites: Iterable[str], language: str) -> str:
    """`text` followed by its citations in brackets (unchanged when there are none)."""
    cites = list(cites)
    if not cites:
        return text
    return text + message("cited", language, cites=cite_labels(cites, language))


def caveats(cites: Iterable[str], language: str) -> list[str]:
    """The caveat notes of cited sources whose status the brief marks as unverified or changed."""
    citations = document("citations.yml")
    notes: list[str] = []
    for cid in dict.fromkeys(cites):
        caveat = citations[cid].get("caveat")
        if caveat:
            text = message("caveat", language, text=pick(caveat, language))
            if text not in notes:
                notes.append(text)
    return notes


STEP_FORMAT = "{index}. {line}"


def numbered(lines: Iterable[str], start: int = 1) -> str:
    """Lines numbered from `start` (1., 2., …), one per line."""
    return "\n".join(STEP_FORMAT.format(index=index, line=line) for index, line in enumerate(lines, start=start))


def first_step(text: str) -> str | None:
    """The text of step 1 of a `numbered` list inside `text`, or None when it has none."""
    prefix = STEP_FORMAT.format(index=1, line="")
    return next((line[len(prefix) :].strip() for line in text.splitlines() if line.startswith(prefix)), None)


@dataclass(frozen=True)
class Statement:
    """One thing the bot says, with the citations that support it."""

    text: str
    cites: tuple[str, ...] = ()

    def render(self, language: str) -> str:
        """The text with its citations appended."""
        return with_cites(self.text, self.cites, language)


@dataclass(frozen=True)
class Finding:
    """A computed result: statements to show and, if the case needs a person, why."""

    statements: tuple[Statement, ...]
    handoff_reason: str | None = None


@dataclass
class Answer:
    """What a consultation replies: separate chat bubbles and, when complex, the hand-over reason."""

    bubbles: list[str] = field(default_factory=list)
    handoff_reason: str | None = None
    handoff_text: str | None = None
    # The problem intents this answer deals with, so they are not offered again as "the others" (actions/problems).
    covers: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        """All bubbles in one block (for the CLI and logs)."""
        return "\n\n".join(self.bubbles + ([self.handoff_text] if self.handoff_text else []))


def step_statements(steps: Iterable[Mapping[str, Any]], language: str, **params: Any) -> list[Statement]:
    """Knowledge steps ({text, cite}) as statements in `language`, with {placeholders} filled."""
    return [
        Statement(str(pick(step["text"], language)).format(**params), tuple(step.get("cite", ()))) for step in steps
    ]


def procedure(title: str, statements: list[Statement], language: str) -> str:
    """A heading and the numbered, cited steps."""
    heading = message("steps_heading", language, title=title)
    return heading + "\n" + numbered(statement.render(language) for statement in statements)
