"""Rasa's SQL tracker store with connections checked before use, for the production profile.

Why: after PostgreSQL restarts, Rasa's pool hands out dead connections; the first read fails and Rasa's
fail-safe wrapper silently answers from an empty in-memory tracker, so the person's conversation (an open
form, a pause for a social worker) is forgotten for that turn. `pool_pre_ping` replaces dead connections first.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class ResilientSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose engine pings each pooled connection before handing it out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
