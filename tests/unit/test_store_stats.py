"""Service statistics: what the hotline handled, how fast workers claimed and closed, and how people rated it."""

from __future__ import annotations

import datetime as dt

from store.cases import NewCase, claim_case, close_case, get_case, open_case, record_rating
from store.db import session_scope
from store.models import Priority
from store.stats import service_report
from store.workers import add_worker
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401


def test_report_counts_times_and_ratings(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        li = add_worker(session, "li")
        for number, (line, priority) in enumerate(
            [("consumer", Priority.HIGH), ("streamer", Priority.URGENT), ("consumer", Priority.NORMAL)]
        ):
            new = NewCase(f"telegram-{number}", "telegram", "zh", "user_request", priority, service_line=line)
            open_case(session, new)
        for ref, claim_after, close_after, rating in (("HL-000001", 4, 30, 5), ("HL-000002", 2, 60, 3)):
            case = get_case(session, ref)
            claim_case(session, li, ref)
            close_case(session, li, ref, "referred to 12315" if ref == "HL-000001" else "crisis follow-up")
            case.claimed_at = case.created_at + dt.timedelta(minutes=claim_after)
            case.closed_at = case.created_at + dt.timedelta(minutes=close_after)
            record_rating(session, case.sender_id, rating)
    with session_scope(store_url) as session:
        report = service_report(session)
    assert report.total == 3
    assert report.by_service_line == {"consumer": 2, "streamer": 1}
    assert report.by_priority == {"high": 1, "urgent": 1, "normal": 1}
    assert report.by_status == {"closed": 2, "waiting": 1}
    assert report.by_outcome == {"referred to 12315": 1, "crisis follow-up": 1}
    assert (report.time_to_claim.count, report.time_to_claim.median_minutes) == (2, 3.0)
    assert (report.time_to_close.median_minutes, report.time_to_close.mean_minutes) == (45.0, 45.0)
    assert report.ratings == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1} and report.mean_rating == 4.0
