"""Check that every citation points to a real article whose text contains the declared key phrase."""

from __future__ import annotations

import re

import yaml

from kb.loader import KNOWLEDGE_DIR
from kb.schema import Problem
from kb.statutes import article_text, law_file

_SPACE = re.compile(r"\s+")


def _normalised(text: str) -> str:
    return _SPACE.sub("", text)


def citation_problem(law: str, article: int, phrase: str) -> str | None:
    """Why a citation does not resolve (missing law file, missing article, phrase not in it), or None."""
    if law_file(law) is None:
        return f"no statute file for {law!r}"
    text = article_text(law, article)
    if text is None:
        return f"{law} has no article {article}"
    if _normalised(phrase) not in _normalised(text):
        return f"{law} article {article} does not contain {phrase!r}"
    return None


def unresolved_citations() -> list[Problem]:
    """Every citation in knowledge/citations.yml that fails to resolve, with its line."""
    path = KNOWLEDGE_DIR / "citations.yml"
    with open(path, encoding="utf-8") as handle:
        root = yaml.compose(handle)
    problems: list[Problem] = []
    if not isinstance(root, yaml.MappingNode):
        return [Problem(path, 1, "citations.yml must be a mapping")]
    for key, node in root.value:
        entry = yaml.safe_load(yaml.serialize(node))
        try:
            problem = citation_problem(str(entry["law"]), int(entry["article"]), str(entry["phrase"]))
        except (KeyError, TypeError, ValueError) as error:
            problem = f"malformed citation: {error}"
        if problem:
            problems.append(Problem(path, key.start_mark.line + 1, f"{key.value}: {problem}"))
    return problems
