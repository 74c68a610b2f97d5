"""The rule set itself: every example it lists is caught, nothing it allows is flagged, no rewrite keeps a
flagged claim, and the compliant lines it offers pass its own check."""

from __future__ import annotations

import pytest

from kb.compliance.checker import check_as, check_script
from kb.compliance.rewrite import reworded
from kb.compliance.rules import claim_rules, product_classes
from kb.knowledge import document

RULES = {rule.id: rule for rule in claim_rules()}
EXAMPLES = [(rule.id, example) for rule in claim_rules() for example in rule.data["examples"]]
ALLOWED = [(rule.id, phrase) for rule in claim_rules() for phrase in rule.data["allowed"]]


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES)
def test_each_example_is_flagged_by_its_rule(rule_id: str, example: str) -> None:
    assert rule_id in {flag.rule.id for flag in check_script(example).flags}


@pytest.mark.parametrize(("rule_id", "phrase"), ALLOWED)
def test_each_allowed_phrase_is_flagged_by_nothing(rule_id: str, phrase: str) -> None:
    assert [flag.found for flag in check_script(phrase).phrases] == []


@pytest.mark.parametrize(("rule_id", "example"), EXAMPLES)
def test_no_rewrite_keeps_a_flagged_claim(rule_id: str, example: str) -> None:
    check = check_script(example)
    rewrite = reworded(check)
    assert not [flag.found for flag in check.phrases if flag.found in rewrite]
    assert check_as(rewrite, check.product).phrases == []


def test_a_script_holding_every_example_at_once_is_rewritten_clean() -> None:
    script = "，".join(example for _, example in EXAMPLES)
    check = check_script(script)
    rewrite = reworded(check)
    assert not [flag.found for flag in check.phrases if flag.found in rewrite]
    assert check_as(rewrite, check.product).phrases == []


@pytest.mark.parametrize("product", product_classes(), ids=lambda product: product.id)
def test_the_compliant_line_offered_for_each_product_class_passes_the_check(product: object) -> None:
    sample_zh = product.sample("zh")  # type: ignore[attr-defined]
    sample_en = product.sample("en")  # type: ignore[attr-defined]
    assert check_as(sample_zh, product).flags == ()  # type: ignore[arg-type]
    assert check_as(sample_en, product).phrases == []  # type: ignore[arg-type]


def test_rules_name_only_product_classes_that_exist() -> None:
    known = {product.id for product in product_classes()}
    for rule in claim_rules():
        named = {*rule.data.get("applies_to", []), *rule.data.get("not_for", []), *rule.data.get("required_for", [])}
        assert named | set(rule.data.get("cite_for", {})) <= known, rule.id


def test_every_rule_cites_an_article_and_states_its_verdict() -> None:
    citations = document("citations.yml")
    for rule in claim_rules():
        assert rule.cites(None) and all(cid in citations for cid in rule.cites(None)), rule.id
        assert rule.data["verdict"] in ("banned", "conditional")


def test_the_rule_set_covers_every_family_the_issue_names() -> None:
    assert {
        "absolute_terms",
        "disease_claims",
        "health_function",
        "efficacy_promise",
        "safety_guarantee",
        "natural_origin",
        "price_comparison",
        "endorsement",
        "fake_urgency",
    } <= set(RULES)
