"""Load knowledge/ files checked against their spec; `lint` reports every problem with file and line."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from kb.loader import KNOWLEDGE_DIR
from kb.schema import Checker, Problem, compose, list_item_ids, top_level_keys
from kb.specs import FILE_SPECS

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class KnowledgeError(Exception):
    """A knowledge file does not match its spec; the message lists each problem as file:line."""


def _spec_for(relative: str) -> dict[str, Any] | None:
    for pattern, spec in FILE_SPECS:
        if Path(relative).match(pattern) and relative.count("/") == pattern.count("/"):
            return spec
    return None


def _files(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every knowledge file that has a spec, in registry order."""
    found: list[tuple[str, dict[str, Any]]] = []
    for pattern, spec in FILE_SPECS:
        for path in sorted(root.glob(pattern)):
            found.append((path.relative_to(root).as_posix(), spec))
    return found


def _registries(root: Path) -> dict[str, set[str]]:
    """Names other files may refer to: citation ids, evidence ids, escalation ladder steps."""
    citations, _ = compose(root / "citations.yml")
    evidence, _ = compose(root / "consumer/evidence.yml")
    ladder, _ = compose(root / "consumer/escalation.yml")
    # Hand-over reasons are owned by the handoff flow (knowledge/handoff.yml); flows may only use those.
    handoff, _ = compose(root / "handoff.yml")
    reasons = next((value for key, value in handoff.value if key.value == "reasons"), None) if handoff else None
    return {
        "handoff reason": top_level_keys(reasons),
        "citation": top_level_keys(citations),
        "evidence item": list_item_ids(evidence, "items"),
        "ladder step": list_item_ids(ladder, "ladder"),
    }


def _check_placeholders(checker: Checker, node: yaml.Node) -> None:
    """In every {zh, en} pair, both languages must use the same {placeholders}."""
    if isinstance(node, yaml.MappingNode):
        pairs = {key.value: value for key, value in node.value}
        zh, en = pairs.get("zh"), pairs.get("en")
        if (
            isinstance(zh, yaml.ScalarNode)
            and isinstance(en, yaml.ScalarNode)
            and set(_PLACEHOLDER.findall(zh.value)) != set(_PLACEHOLDER.findall(en.value))
        ):
            checker.fail(en, "zh and en texts use different {placeholders}")
        for _, value in node.value:
            _check_placeholders(checker, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_placeholders(checker, item)


def check_file(root: Path, relative: str, registries: dict[str, set[str]]) -> list[Problem]:
    """All problems in one file (syntax, spec, references, placeholders)."""
    spec = _spec_for(relative)
    path = root / relative
    node, problems = compose(path)
    if node is None or spec is None:
        return problems or ([Problem(path, 1, "empty file")] if spec else [])
    checker = Checker(path=path, registries=registries)
    checker.check(node, spec, Path(relative).stem)
    _check_placeholders(checker, node)
    return checker.problems


def lint(root: Path = KNOWLEDGE_DIR) -> list[Problem]:
    """Every problem in every knowledge file, plus missing required files."""
    problems: list[Problem] = []
    for pattern, _ in FILE_SPECS:
        if "*" not in pattern and not (root / pattern).exists():
            problems.append(Problem(root / pattern, 1, "required file is missing"))
    registries = _registries(root)
    for relative, _ in _files(root):
        problems.extend(check_file(root, relative, registries))
    return problems


def document(relative: str) -> Any:
    """A knowledge file's data after it passed its schema check.

    Cached until the file changes on disk, so an edited knowledge file is used by the running action server
    on the next message, without retraining or a restart.
    """
    return _checked_document(relative, (KNOWLEDGE_DIR / relative).stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _checked_document(relative: str, mtime_ns: int) -> Any:
    problems = check_file(KNOWLEDGE_DIR, relative, _registries(KNOWLEDGE_DIR))
    if problems:
        raise KnowledgeError("\n".join(str(problem) for problem in problems))
    with open(KNOWLEDGE_DIR / relative, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def documents(pattern: str) -> list[Any]:
    """Every file matching a glob below knowledge/, checked and parsed, in name order."""
    return [document(path.relative_to(KNOWLEDGE_DIR).as_posix()) for path in sorted(KNOWLEDGE_DIR.glob(pattern))]
