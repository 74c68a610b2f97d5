"""Erase a person's conversation from Rasa's SQL tracker store (the transcript Rasa keeps).

Rasa's HTTP API can replace a tracker's events but not delete the stored rows, so erasure deletes them from
the tracker database directly: the SQLite file of the default profile or PostgreSQL in production.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

ROOT = Path(__file__).resolve().parent.parent


def tracker_store_url() -> str:
    """The SQLAlchemy URL of the tracker store the running Rasa uses (same settings as bot/stack.py)."""
    if os.environ.get("HOTLINE_PROFILE") == "production":
        url = os.environ.get("TRACKER_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test"
        return url.replace("postgresql://", "postgresql+psycopg2://", 1)
    return f"sqlite:///{os.environ.get('TRACKER_DB_FILE') or ROOT / 'var' / 'tracker.db'}"


def erase_conversations(sender_ids: list[str] | tuple[str, ...], url: str | None = None) -> int:
    """Delete every stored event of these conversations; returns how many rows went (0 if no store yet)."""
    if not sender_ids:
        return 0
    engine = create_engine(url or tracker_store_url())
    try:
        with engine.begin() as connection:
            deleted = 0
            for sender_id in sender_ids:
                result = connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id})
                deleted += result.rowcount or 0
            return deleted
    except SQLAlchemyError:
        # No tracker table yet means nothing was ever stored for anyone.
        return 0
    finally:
        engine.dispose()
