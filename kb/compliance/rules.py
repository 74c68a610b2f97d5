"""The claim rule set and product classes, read from knowledge/merchant/claims.yml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from kb.knowledge import document
from kb.render import pick

CLAIMS_FILE = "merchant/claims.yml"
_VOCABULARY_SLOT = re.compile(r"\{(\w+)\}")
# A term marked `remove: true` is replaced by nothing (the word goes, the sentence stays).
_NOTHING = {"zh": "", "en": ""}


@dataclass(frozen=True)
class Term:
    """One pattern of a rule and, when it can be reworded rather than dropped, its replacement per language
    (empty: the word is simply removed)."""

    pattern: re.Pattern[str]
    say: dict[str, str] | None


@dataclass(frozen=True, eq=False)
class ClaimRule:
    """One family of claims (absolute terms, disease claims …) with the articles that forbid it."""

    id: str
    data: dict[str, Any]
    terms: tuple[Term, ...]
    unless: re.Pattern[str] | None

    def applies(self, product_class: str | None) -> bool:
        """Whether the rule is checked for this class; for an unknown class every rule is (the strictest reading)."""
        if product_class is None:
            # A mandatory statement is only required once the class is known; every other rule applies.
            return not self.data.get("required_for")
        if product_class in self.data.get("not_for", []):
            return False
        wanted = self.data.get("applies_to") or self.data.get("required_for")
        return not wanted or product_class in wanted

    def cites(self, product_class: str | None) -> list[str]:
        """The rule's citations plus the ones specific to the product class."""
        extra = self.data.get("cite_for", {}).get(product_class, []) if product_class else []
        return list(dict.fromkeys([*self.data["cite"], *extra]))

    def text(self, key: str, language: str) -> str:
        """A bilingual field of the rule (label, title, explain, advice) in `language`."""
        return str(pick(self.data[key], language))

    @property
    def banned(self) -> bool:
        """True when the claim may never be made; False when proof or registration would allow it."""
        return bool(self.data["verdict"] == "banned")

    @property
    def statement(self) -> str | None:
        """The statement an ad of the rule's classes must carry, if this is such a rule."""
        return self.data.get("statement")


@dataclass(frozen=True, eq=False)
class ProductClass:
    """A product class with its own claim rules (ordinary food, health food, cosmetics …)."""

    id: str
    data: dict[str, Any]
    pattern: re.Pattern[str]

    def name(self, language: str) -> str:
        """The class name shown to the merchant."""
        return str(pick(self.data["name"], language))

    def sample(self, language: str) -> str:
        """A compliant line for this class, offered when a rewrite had to drop everything."""
        return str(pick(self.data["sample"], language))


def _expand(pattern: str, vocabulary: dict[str, list[str]]) -> str:
    """Replace {name} by the vocabulary list as an alternation, longest word first (so 高血压 beats 血压)."""

    def alternation(match: re.Match[str]) -> str:
        words = vocabulary.get(match.group(1))
        return "|".join(sorted(words, key=len, reverse=True)) if words else match.group(0)

    return _VOCABULARY_SLOT.sub(alternation, pattern)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, flags=re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _load(_version: int) -> tuple[tuple[ClaimRule, ...], tuple[ProductClass, ...]]:
    data = document(CLAIMS_FILE)
    vocabulary = data["vocabulary"]
    rules = tuple(
        ClaimRule(
            id=rule["id"],
            data=rule,
            terms=tuple(
                Term(_compile(_expand(term["match"], vocabulary)), _NOTHING if term.get("remove") else term.get("say"))
                for term in rule.get("terms", [])
            ),
            unless=_compile(rule["unless"]) if rule.get("unless") else None,
        )
        for rule in data["rules"]
    )
    classes = tuple(ProductClass(item["id"], item, _compile(item["match"])) for item in data["classes"])
    return rules, classes


def _current() -> tuple[tuple[ClaimRule, ...], tuple[ProductClass, ...]]:
    # document() returns the same object until the file changes, so its id keys the compiled cache.
    return _load(id(document(CLAIMS_FILE)))


def claim_rules() -> tuple[ClaimRule, ...]:
    """Every rule, in the order the checker reports them (earlier rules win on overlapping phrases)."""
    return _current()[0]


def product_classes() -> tuple[ProductClass, ...]:
    """Every product class, in detection priority order."""
    return _current()[1]


def product_class(class_id: str) -> ProductClass:
    """The product class with this id."""
    return next(item for item in product_classes() if item.id == class_id)


def unknown_class_name(language: str) -> str:
    """How a product the checker could not classify is named."""
    return str(pick(document(CLAIMS_FILE)["unknown_class"], language))


def not_checked(language: str) -> str:
    """What the checker cannot see, said after every report."""
    return str(pick(document(CLAIMS_FILE)["not_checked"], language))


def classify(text: str, category: str | None = None) -> ProductClass | None:
    """The product class the text is about: the earliest match (then the longest, then class order); when the
    text names no product, the class of the `product_category` entity value; None when neither says."""
    best: tuple[int, int, int, ProductClass] | None = None
    for rank, item in enumerate(product_classes()):
        match = item.pattern.search(text)
        if match:
            key = (match.start(), -len(match.group(0)), rank, item)
            if best is None or key[:3] < best[:3]:
                best = key
    if best:
        return best[3]
    return next((item for item in product_classes() if category and category in item.data["categories"]), None)
