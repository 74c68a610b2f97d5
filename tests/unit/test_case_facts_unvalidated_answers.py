"""The fact model reads a form's answers before the form validates them: text where a number belongs is unknown."""

from __future__ import annotations

from kb.casework.case import case_facts


def test_a_platform_typed_when_asked_for_the_date_is_not_a_day_count() -> None:
    facts = case_facts([], {"days_since_receipt": "快手", "case_type": "return_refused"})
    assert facts.values.get("days_since_receipt") is None


def test_a_day_count_from_the_form_is_kept() -> None:
    assert case_facts([], {"days_since_receipt": 3.0}).values["days_since_receipt"] == 3
