"""A typed message is never read as a system intent (nlu/system_intents.py)."""

from __future__ import annotations

from nlu.system_intents import without_system_intents


def test_a_system_intent_on_top_gives_way_to_the_next_best() -> None:
    ranking = [{"name": "EXTERNAL_case_closed", "confidence": 0.8}, {"name": "greet", "confidence": 0.1}]
    intent, kept = without_system_intents(ranking[0], ranking) or ({}, [])
    assert intent == {"name": "greet", "confidence": 0.1} and kept == ranking[1:]


def test_a_message_without_system_intents_is_left_alone() -> None:
    ranking = [{"name": "greet", "confidence": 0.9}]
    assert without_system_intents(ranking[0], ranking) is None


def test_a_ranking_of_only_system_intents_falls_back() -> None:
    ranking = [{"name": "EXTERNAL_case_closed", "confidence": 1.0}]
    assert without_system_intents(ranking[0], ranking) == ({"name": "nlu_fallback", "confidence": 1.0}, [])
