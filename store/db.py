"""Engine and sessions for the case store. Nothing connects at import; the schema is migrated on first use."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///var/hotline.db"
ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def database_url(url: str | None = None) -> str:
    """`url`, else DATABASE_URL, else the SQLite file under var/; relative SQLite paths resolve from the repo root."""
    chosen = url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    prefix = "sqlite:///"
    if chosen.startswith(prefix) and not chosen.startswith(prefix + "/") and ":memory:" not in chosen:
        path = REPO_ROOT / chosen[len(prefix) :]
        path.parent.mkdir(parents=True, exist_ok=True)
        chosen = prefix + str(path)
    return chosen


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys make deletes cascade; the busy timeout lets the bot, the action server and the CLI share the file.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@functools.lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The (cached) engine for a resolved URL, with the schema upgraded to the latest migration."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    upgrade_schema(engine)
    return engine


_MIGRATION_LOCK = threading.Lock()
# Any fixed number: PostgreSQL advisory lock id that serialises migrations across processes.
_PG_MIGRATION_LOCK_ID = 4_815_162_342
MIGRATION_ATTEMPTS = 5


def upgrade_schema(engine: Engine) -> None:
    """Run the Alembic migrations up to head on `engine` (idempotent, safe when processes start together).

    The bot and the action server may open a fresh database at the same moment. Threads wait on a lock,
    PostgreSQL sessions on an advisory lock; a SQLite process that loses the race sees "already exists",
    and its next attempt finds the schema at head and does nothing.
    """
    from alembic import command
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    with _MIGRATION_LOCK:
        for attempt in range(1, MIGRATION_ATTEMPTS + 1):
            try:
                with engine.begin() as connection:
                    if engine.dialect.name == "postgresql":
                        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_MIGRATION_LOCK_ID})
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                return
            except DBAPIError:
                if attempt == MIGRATION_ATTEMPTS:
                    raise
                time.sleep(0.2 * attempt)


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url` or DATABASE_URL."""
    return engine_for(database_url(url))


@functools.lru_cache(maxsize=8)
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    session = _factory(database_url(url))()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
