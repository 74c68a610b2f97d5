"""Long button payloads kept in Redis: a button sent by one bot process still works when another process
receives the press (several bot workers, or a restart in between)."""

from __future__ import annotations

import uuid

import pytest

from bot.telegram import callbacks
from bot.telegram.callbacks import PayloadCodec, RedisLongPayloads

pytestmark = pytest.mark.redis
REDIS = "redis://127.0.0.1:6379/0"
LONG = '/inform{"platform": "douyin", "product_category": "cosmetics", "money": "1299"}'


def codec(prefix: str) -> PayloadCodec:
    """One bot process's codec over the shared Redis."""
    return PayloadCodec(64, 10, RedisLongPayloads(REDIS, ttl_seconds=60, prefix=prefix))


def test_a_long_button_sent_by_one_process_is_understood_by_another() -> None:
    prefix = f"hotline:test:payload:{uuid.uuid4().hex[:8]}"
    data = codec(prefix).encode(LONG)
    assert data.startswith(f"{callbacks.HASHED}|") and len(data.encode()) <= 64
    pressed = callbacks.parse(data)
    assert pressed is not None and codec(prefix).payload(pressed) == LONG


def test_a_forged_digest_decodes_to_nothing() -> None:
    prefix = f"hotline:test:payload:{uuid.uuid4().hex[:8]}"
    forged = callbacks.parse(f"{callbacks.HASHED}|{'0' * 32}")
    assert forged is not None and codec(prefix).payload(forged) is None
