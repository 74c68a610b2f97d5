"""Find every claim in a script that the rule set flags, for the product class the script is about."""

from __future__ import annotations

from dataclasses import dataclass

from kb.compliance.rules import ClaimRule, ProductClass, Term, claim_rules, classify


@dataclass(frozen=True)
class Flag:
    """One flagged phrase (or a missing mandatory statement, then `missing` is True and `found` the statement)."""

    rule: ClaimRule
    found: str
    start: int
    end: int
    term: Term | None = None
    missing: bool = False


@dataclass(frozen=True)
class Check:
    """The checker's result: what it flagged, the product class it assumed and the rules it applied."""

    script: str
    flags: tuple[Flag, ...]
    product: ProductClass | None
    rules: tuple[ClaimRule, ...]

    @property
    def phrases(self) -> list[Flag]:
        """The flagged phrases, without missing statements."""
        return [flag for flag in self.flags if not flag.missing]


def _overlaps(flag: Flag, taken: list[Flag]) -> bool:
    return any(flag.start < other.end and other.start < flag.end for other in taken)


def check_script(script: str, category: str | None = None) -> Check:
    """Every flagged phrase in `script` for the product class it is about (from the script, else the
    `product_category` entity; unknown means every rule applies)."""
    return check_as(script, classify(script, category))


def check_as(script: str, product: ProductClass | None) -> Check:
    """Every flagged phrase in `script` for `product` (None: unknown), in rule order; overlapping matches are
    reported once."""
    class_id = product.id if product else None
    rules = tuple(rule for rule in claim_rules() if rule.applies(class_id))
    order = {rule.id: index for index, rule in enumerate(rules)}
    candidates = [
        Flag(rule, match.group(0), match.start(), match.end(), term)
        for rule in rules
        if not (rule.unless and rule.unless.search(script))
        for term in rule.terms
        for match in term.pattern.finditer(script)
        if match.group(0).strip()
    ]
    # Where two matches overlap, the longer one is the claim ("一个月长高5厘米" rather than "长高"); on equal
    # length the earlier rule wins.
    taken: list[Flag] = []
    for flag in sorted(candidates, key=lambda flag: (flag.start - flag.end, order[flag.rule.id], flag.start)):
        if not _overlaps(flag, taken):
            taken.append(flag)
    phrases = sorted(taken, key=lambda flag: (order[flag.rule.id], flag.start))
    missing = [
        Flag(rule, rule.statement, len(script), len(script), missing=True)
        for rule in rules
        if rule.statement and class_id in rule.data.get("required_for", []) and rule.statement not in script
    ]
    return Check(script, tuple(phrases + missing), product, rules)
