"""Schema checks for knowledge/ files, reported as `file:line: message` so an editor can jump to them.

A spec is plain data: a dict maps keys to specs (a key starting with "?" is optional, the key "*" stands
for any key), a one-item list means "a list of", a type means a scalar of that type, and a `Ref` names a
registry (citation ids, evidence ids, …) the value must belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_SCALAR_TAGS = {
    str: ("tag:yaml.org,2002:str",),
    int: ("tag:yaml.org,2002:int",),
    float: ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int"),
    bool: ("tag:yaml.org,2002:bool",),
}


@dataclass(frozen=True)
class Ref:
    """A scalar that must be one of the names in a registry (e.g. a citation id)."""

    registry: str


@dataclass(frozen=True)
class Pattern:
    """A string that must compile as a regular expression."""


Spec = dict[str, Any] | list[Any] | type | Ref | Pattern | tuple[str, ...]


@dataclass
class Problem:
    """One thing wrong in a knowledge file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Checker:
    """Walks a YAML node tree against a spec, collecting problems; registries resolve `Ref`s."""

    path: Path
    registries: dict[str, set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, node: yaml.Node, message: str) -> None:
        """Record a problem at the node's line (1-based)."""
        self.problems.append(Problem(self.path, node.start_mark.line + 1, message))

    def check(self, node: yaml.Node, spec: Spec, where: str) -> None:
        """Check `node` against `spec`; `where` names the place for messages (e.g. steps[2].text)."""
        if isinstance(spec, dict):
            self._check_mapping(node, spec, where)
        elif isinstance(spec, list):
            if not isinstance(node, yaml.SequenceNode):
                self.fail(node, f"{where}: expected a list")
                return
            for index, item in enumerate(node.value):
                self.check(item, spec[0], f"{where}[{index}]")
        elif isinstance(spec, tuple):
            if not isinstance(node, yaml.ScalarNode) or node.value not in spec:
                self.fail(node, f"{where}: expected one of {', '.join(spec)}")
        elif isinstance(spec, Ref):
            known = self.registries.get(spec.registry, set())
            if not isinstance(node, yaml.ScalarNode) or node.value not in known:
                self.fail(node, f"{where}: unknown {spec.registry} {getattr(node, 'value', '?')!r}")
        elif isinstance(spec, Pattern):
            self._check_pattern(node, where)
        else:
            self._check_scalar(node, spec, where)

    def _check_mapping(self, node: yaml.Node, spec: dict[str, Any], where: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{where}: expected a mapping")
            return
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                self.fail(key_node, f"{where}: duplicate key {key!r}")
            seen.add(key)
            if key in spec:
                self.check(value_node, spec[key], f"{where}.{key}")
            elif f"?{key}" in spec:
                self.check(value_node, spec[f"?{key}"], f"{where}.{key}")
            elif "*" in spec:
                self.check(value_node, spec["*"], f"{where}.{key}")
            else:
                allowed = ", ".join(k.lstrip("?") for k in spec if k != "*")
                self.fail(key_node, f"{where}: unexpected key {key!r} (allowed: {allowed})")
        for key in spec:
            if not key.startswith("?") and key != "*" and key not in seen:
                self.fail(node, f"{where}: missing key {key!r}")

    def _check_scalar(self, node: yaml.Node, expected: type, where: str) -> None:
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS[expected]:
            self.fail(node, f"{where}: expected {expected.__name__}")
        elif expected is str and not node.value.strip():
            self.fail(node, f"{where}: empty text")

    def _check_pattern(self, node: yaml.Node, where: str) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{where}: expected a regular expression")
            return
        try:
            re.compile(node.value)
        except re.error as error:
            self.fail(node, f"{where}: bad regular expression: {error}")


def compose(path: Path) -> tuple[yaml.Node | None, list[Problem]]:
    """Parse a file into a node tree, turning YAML syntax errors into problems."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.compose(handle), []
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        return None, [Problem(path, line, f"YAML syntax: {error.problem}")]


def top_level_keys(node: yaml.Node | None) -> set[str]:
    """The keys of a mapping node (empty for anything else)."""
    if not isinstance(node, yaml.MappingNode):
        return set()
    return {key.value for key, _ in node.value}


def list_item_ids(node: yaml.Node | None, list_key: str) -> set[str]:
    """The `id` values of the mappings in the list under `list_key`."""
    if not isinstance(node, yaml.MappingNode):
        return set()
    ids: set[str] = set()
    for key, value in node.value:
        if key.value == list_key and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.MappingNode):
                    ids.update(v.value for k, v in item.value if k.value == "id" and isinstance(v, yaml.ScalarNode))
    return ids
