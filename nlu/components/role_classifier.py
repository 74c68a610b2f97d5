"""Rasa component: who is speaking (buyer, a buyer's family member, merchant, streamer or live-room staff,
social worker, someone else), added to `/model/parse` as `role`, and used to weigh the service line.

Learned by logistic regression from the pipeline's features (TF-IDF counts and the dense sentence vector) plus
first-person role cues from `nlu/signals/roles.yml`. Labels: an example's `metadata: {role: …}` when written,
else the role of its intent's service line, relabelled when the example names a relative or, for a crisis
example, when its cues name a role (`family_relabels`, `cue_decides_lines` in roles.yml). Once the role is known,
the intent ranking is re-weighted by how well each intent's service line fits the role (`line_affinity`), so a
buyer who quotes what a streamer said stays on the consumer line.
Runs after the intent classifier and before FallbackClassifier.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

from nlu.components.tfidf_classifier import CountsThenDense, dense_width, text_feature_matrix
from nlu.components.trained import JoblibComponent
from nlu.service_lines import service_line_of

SIGNALS_FILE = Path(__file__).resolve().parents[1] / "signals" / "roles.yml"


@lru_cache(maxsize=1)
def role_signals() -> dict[str, Any]:
    """Roles, cue lists, weak-label rules and line affinities from nlu/signals/roles.yml."""
    data: dict[str, Any] = yaml.safe_load(SIGNALS_FILE.read_text(encoding="utf-8"))
    return data


def cue_counts(text: str) -> list[int]:
    """How many cues of each role (in `roles` order) the text contains."""
    signals, lowered = role_signals(), (text or "").lower()
    return [sum(cue.lower() in lowered for cue in signals["cues"].get(role, [])) for role in signals["roles"]]


def example_metadata(message: Message) -> dict[str, Any]:
    """The `metadata` written on a training example (example level over intent level)."""
    metadata = message.get("metadata") or {}
    return {**(metadata.get("intent") or {}), **(metadata.get("example") or {})}


def training_role(message: Message) -> str:
    """The role label of a training example (written, or derived from its intent and family cues)."""
    written = example_metadata(message).get("role")
    if written:
        return str(written)
    signals = role_signals()
    intent = str(message.get(INTENT) or "")
    if intent in signals.get("role_of_intent", {}):
        return str(signals["role_of_intent"][intent])
    line = service_line_of(intent)
    own = str(signals["role_of_line"].get(line, "other"))
    counts = dict(zip(signals["roles"], cue_counts(message.get(TEXT) or ""), strict=True))
    if line in signals["cue_decides_lines"]:
        named = {role: n for role, n in counts.items() if n and role not in ("buyer_family", "other")}
        if named:
            return max(named, key=named.__getitem__)
    relabel = signals["family_relabels"].get(line)
    if relabel and counts["buyer_family"] and not (relabel["unless_own_cues"] and counts.get(own)):
        return str(relabel["role"])
    return own


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class RoleClassifier(JoblibComponent):
    """Adds `role: {name, confidence, ranking}` and re-weights the intent ranking by the role's service lines."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`C`, `dense_weight`: as the intent classifier; `cue_weight`: scale of the cue counts;
        `line_weight`: 0 leaves the intent ranking alone, 1 multiplies it fully by the role's line affinity."""
        return {"C": 5.0, "dense_weight": 0.5, "cue_weight": 1.0, "line_weight": 0.5}

    def _features(self, messages: list[Message], features: CountsThenDense) -> csr_matrix:
        counts = csr_matrix(np.array([cue_counts(m.get(TEXT) or "") for m in messages], dtype=float))
        text = features.transform(text_feature_matrix(messages, features.dense_columns))
        return hstack([text, counts.minimum(2) * float(self.config["cue_weight"])]).tocsr()

    def fit(self, training_data: TrainingData) -> dict[str, Any]:
        """Fit the role model on every intent example with text."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = [training_role(m) for m in examples]
        if len(set(labels)) < 2:
            return {}
        features = CountsThenDense(dense_width(examples), float(self.config["dense_weight"]))
        features.fit(text_feature_matrix(examples, features.dense_columns))
        # One-vs-rest liblinear: a quarter of the multinomial solver's training time here, same accuracy.
        model = LogisticRegression(C=float(self.config["C"]), class_weight="balanced", solver="liblinear")
        model.fit(self._features(examples, features), labels)
        return {"features": features, "model": model}

    def process(self, messages: list[Message]) -> list[Message]:
        """Predict the role of each message and weigh its intent ranking by it."""
        if not self.state:
            return messages
        probabilities = self.state["model"].predict_proba(self._features(messages, self.state["features"]))
        classes = [str(c) for c in self.state["model"].classes_]
        for message, row in zip(messages, probabilities, strict=True):
            ranking = sorted(zip(classes, row.tolist(), strict=True), key=lambda pair: -pair[1])
            message.set(
                "role",
                {
                    "name": ranking[0][0],
                    "confidence": round(ranking[0][1], 4),
                    "ranking": [{"name": n, "confidence": round(p, 4)} for n, p in ranking],
                },
                add_to_output=True,
            )
            self._weigh_intents(message, dict(ranking))
        return messages

    def _weigh_intents(self, message: Message, role_probability: dict[str, float]) -> None:
        """Multiply each intent's confidence by the expected affinity of its service line, then renormalise."""
        ranking: list[dict[str, Any]] = [dict(r) for r in message.get(INTENT_RANKING_KEY) or []]
        strength = float(self.config["line_weight"])
        if not ranking or strength <= 0:
            return
        affinity = role_signals()["line_affinity"]
        for entry in ranking:
            line = service_line_of(str(entry[INTENT_NAME_KEY]))
            fit = sum(p * float(affinity[role][line]) for role, p in role_probability.items() if role in affinity)
            entry[PREDICTED_CONFIDENCE_KEY] = float(entry[PREDICTED_CONFIDENCE_KEY]) * (1 - strength + strength * fit)
        total = sum(float(e[PREDICTED_CONFIDENCE_KEY]) for e in ranking) or 1.0
        for entry in ranking:
            entry[PREDICTED_CONFIDENCE_KEY] = float(entry[PREDICTED_CONFIDENCE_KEY]) / total
        ranking.sort(key=lambda e: -float(e[PREDICTED_CONFIDENCE_KEY]))
        top = {
            INTENT_NAME_KEY: ranking[0][INTENT_NAME_KEY],
            PREDICTED_CONFIDENCE_KEY: ranking[0][PREDICTED_CONFIDENCE_KEY],
        }
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
