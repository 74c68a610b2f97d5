"""Every consultation intent the NLU can produce has an answer in the knowledge base, and vice versa."""

from __future__ import annotations

from pathlib import Path

import yaml

from kb.consumer import case_types
from kb.topics import topics

ROOT = Path(__file__).resolve().parents[2]


def _nlu_intents() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain" / "nlu.yml").read_text(encoding="utf-8"))["intents"])


def test_every_consumer_intent_opens_a_case_type() -> None:
    consumer = {intent for intent in _nlu_intents() if intent.startswith("consumer_")}
    assert consumer == {case["intent"] for case in case_types().values()}


def test_every_merchant_and_streamer_intent_has_a_topic() -> None:
    wanted = {i for i in _nlu_intents() if i.startswith(("merchant_", "streamer_"))} - {"merchant_pitch_check"}
    assert wanted == {topic["intent"] for topic in topics().values()}


def test_every_case_type_cites_the_law_in_its_steps() -> None:
    for case_id, case in case_types().items():
        assert any(step.get("cite") for step in case["steps"]), case_id
