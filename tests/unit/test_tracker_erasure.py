"""Erasing a person also erases the conversation Rasa stored for them, and nobody else's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store.tracker_erasure import erase_conversations, tracker_store_url


def _tracker_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as connection:
        # The shape of Rasa 3.6's SQLTrackerStore table.
        connection.execute(
            text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, data TEXT)")
        )
        for sender in ("telegram-1", "telegram-1", "telegram-2"):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, data) VALUES (:s, 'user', '{}')"), {"s": sender}
            )
    engine.dispose()
    return url


def test_forgetting_a_person_deletes_only_their_stored_conversation(tmp_path: Path) -> None:
    url = _tracker_db(tmp_path / "tracker.db")
    assert erase_conversations(["telegram-1"], url) == 2
    engine = create_engine(url)
    with engine.connect() as connection:
        left = [row[0] for row in connection.execute(text("SELECT sender_id FROM events"))]
    engine.dispose()
    assert left == ["telegram-2"]


def test_erasing_before_rasa_ever_stored_anything_is_not_an_error(tmp_path: Path) -> None:
    assert erase_conversations(["telegram-1"], f"sqlite:///{tmp_path / 'empty.db'}") == 0


def test_tracker_store_follows_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_DB_FILE", "/tmp/x.db")
    monkeypatch.delenv("HOTLINE_PROFILE", raising=False)
    assert tracker_store_url() == "sqlite:////tmp/x.db"
    monkeypatch.setenv("HOTLINE_PROFILE", "production")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert tracker_store_url() == "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
