"""The NumPy sentence encoder (nlu/sentence_encoder.py) in the Rasa environment, where it runs.

Reference values: the first 8 dimensions of the mean-pooled, normalised all-MiniLM-L6-v2 output computed with
Hugging Face `transformers` 4 + PyTorch 2.13 (CPU) for the same texts.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from bot.stack import RASA_ENV, ROOT

REFERENCE = {
    "The seller refused my return after 3 days.": [
        -0.0174,
        0.07484,
        0.02116,
        0.04819,
        -0.03966,
        -0.06779,
        -0.04122,
        -0.04388,
    ],  # noqa: E501
    "我在抖音买的包是假的": [0.00562, 0.0702, 0.07739, 0.00106, 0.02874, 0.02768, 0.17396, -0.01487],
    "my payout has been on hold for six weeks": [
        -0.02984,
        0.00263,
        -0.00242,
        0.0112,
        -0.04382,
        -0.0097,
        0.03624,
        -0.08954,
    ],  # noqa: E501
}

SCRIPT = """
import json, sys
import numpy as np
from nlu.sentence_encoder import SentenceEncoder, default_model_dir, shared_encoder
texts = json.loads(sys.argv[1])
encoder = SentenceEncoder()
vectors = encoder.encode(texts)
long_text = "my order never arrived and the shop stopped answering " * 60
print(json.dumps({
    "first8": [[float(x) for x in v[:8]] for v in vectors],
    "norms": [float(np.linalg.norm(v)) for v in vectors],
    "long_norm": float(np.linalg.norm(encoder.encode_one(long_text))),
    "empty_shape": list(encoder.encode([]).shape),
    "cached_same": bool(np.allclose(encoder.encode(texts, cached=True), vectors)),
    "explicit_folder_same": bool(np.allclose(shared_encoder(str(default_model_dir())).encode(texts), vectors)),
    "similar": float(encoder.encode_one("the parcel never came") @ encoder.encode_one("my package wasn't delivered")),
    "unrelated": float(encoder.encode_one("the parcel never came") @ encoder.encode_one("I can't sleep after work")),
}))
"""


def _run() -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run(
        [str(RASA_ENV / "bin" / "python"), "-c", SCRIPT, json.dumps(list(REFERENCE), ensure_ascii=False)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_numpy_encoder_matches_the_reference_implementation() -> None:
    out = _run()
    for expected, got in zip(REFERENCE.values(), out["first8"], strict=True):
        assert max(abs(a - b) for a, b in zip(expected, got, strict=True)) < 1e-4
    assert all(abs(n - 1.0) < 1e-4 for n in out["norms"])
    # Texts longer than one window are averaged over windows and still come back unit-length.
    assert abs(out["long_norm"] - 1.0) < 1e-4
    assert out["empty_shape"] == [0, 384]
    assert out["cached_same"]  # the training-only cache returns what a fresh encoding gives
    assert out["explicit_folder_same"]  # the featurizer's `model_dir` option loads a folder the same way
    # The point of the vector: paraphrases sit closer than unrelated problems.
    assert out["similar"] > out["unrelated"] + 0.2
