"""Service statistics for `./hotline report`: what the service handled and how fast."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Case, Status


@dataclass(frozen=True)
class Durations:
    """Minutes from one moment to another over the cases that reached it."""

    count: int
    median_minutes: float | None
    mean_minutes: float | None


@dataclass(frozen=True)
class ServiceReport:
    """Counts by service line, priority, status and outcome, times to claim and close, and ratings."""

    total: int
    by_service_line: dict[str, int]
    by_priority: dict[str, int]
    by_status: dict[str, int]
    by_outcome: dict[str, int]
    time_to_claim: Durations
    time_to_close: Durations
    ratings: dict[int, int]
    mean_rating: float | None


def _durations(minutes: list[float]) -> Durations:
    if not minutes:
        return Durations(0, None, None)
    return Durations(len(minutes), round(statistics.median(minutes), 1), round(statistics.fmean(minutes), 1))


def service_report(session: Session) -> ServiceReport:
    """Compute the report over every case still in the store."""
    cases = list(session.scalars(select(Case)))
    claim = [(c.claimed_at - c.created_at).total_seconds() / 60 for c in cases if c.claimed_at]
    # An erasure record has a closed_at too, but nobody closed it: it would distort the time to close.
    close = [
        (c.closed_at - c.created_at).total_seconds() / 60 for c in cases if c.closed_at and c.status == Status.CLOSED
    ]
    ratings = [c.rating for c in cases if c.rating is not None]
    return ServiceReport(
        total=len(cases),
        by_service_line=dict(Counter(c.service_line or "unknown" for c in cases).most_common()),
        by_priority=dict(Counter(c.priority for c in cases).most_common()),
        by_status=dict(Counter(c.status for c in cases).most_common()),
        by_outcome=dict(Counter(c.outcome for c in cases if c.outcome).most_common()),
        time_to_claim=_durations(claim),
        time_to_close=_durations(close),
        ratings={score: ratings.count(score) for score in range(1, 6)},
        mean_rating=round(statistics.fmean(ratings), 2) if ratings else None,
    )
