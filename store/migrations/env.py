"""Alembic environment: migrate the connection store.db hands over, or DATABASE_URL when run by hand."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, text

from store.db import database_url
from store.models import Base


def _migrate(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several processes may start at once; the advisory lock lets exactly one migrate at a time.
        connection.execute(text("SELECT pg_advisory_xact_lock(726501)"))
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _migrate(given)
else:
    with create_engine(database_url()).begin() as own_connection:
        _migrate(own_connection)
