"""Case-store fixtures for tests: a fresh, migrated store on SQLite and on PostgreSQL (127.0.0.1:5432).

Each PostgreSQL test gets its own schema (prefix `hl5_`), so engineers' test runs never collide.
Import the fixtures a test module needs: `from tests.store_support import store_url  # noqa: F401`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store.db import engine_for

POSTGRES_SERVER = os.environ.get("HOTLINE_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def sqlite_store(folder: Path) -> str:
    """The URL of a new SQLite store file in `folder`."""
    return f"sqlite:///{folder / f'cases-{uuid.uuid4().hex[:8]}.db'}"


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite case store."""
    url = sqlite_store(tmp_path)
    yield url
    engine_for(url).dispose()


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A fresh case store in its own PostgreSQL schema, dropped afterwards."""
    schema = f"hl5_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_SERVER}?options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(name)
    return url
