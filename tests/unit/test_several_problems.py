"""A fallback caused by two detected problems is not unclear (nlu/components/several_problems.py)."""

from __future__ import annotations

from nlu.several_problems import several_problems_intent

FALLBACK = {"name": "nlu_fallback", "confidence": 0.12}
RANKING = [
    {"name": "nlu_fallback", "confidence": 0.12},
    {"name": "streamer_burnout", "confidence": 0.36},
    {"name": "streamer_unpaid_wages", "confidence": 0.33},
]


def test_two_confident_problems_restore_the_best_intent() -> None:
    problems = [
        {"intent": "streamer_burnout", "confidence": 0.81},
        {"intent": "streamer_unpaid_wages", "confidence": 0.78},
    ]
    assert several_problems_intent(FALLBACK, RANKING, problems, 0.7) == {"name": "streamer_burnout", "confidence": 0.36}


def test_the_fallback_stands_when_the_detector_is_unsure_of_either() -> None:
    problems = [
        {"intent": "streamer_burnout", "confidence": 0.81},
        {"intent": "streamer_unpaid_wages", "confidence": 0.5},
    ]
    assert several_problems_intent(FALLBACK, RANKING, problems, 0.7) is None
    assert several_problems_intent(FALLBACK, RANKING, [], 0.7) is None


def test_a_clear_intent_is_left_alone() -> None:
    clear = {"name": "streamer_burnout", "confidence": 0.9}
    problems = [
        {"intent": "streamer_burnout", "confidence": 0.9},
        {"intent": "streamer_unpaid_wages", "confidence": 0.8},
    ]
    assert several_problems_intent(clear, RANKING, problems, 0.7) is None
