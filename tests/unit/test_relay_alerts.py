"""Alerting workers: once for every new case, and again every few minutes while an urgent case waits."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.alerts import alert_new_case, realert_unclaimed, run_realert_loop
from store import outbox
from store.cases import NewCase, claim_case, get_case, open_case
from store.db import session_scope
from store.models import Priority, utcnow
from store.workers import add_worker, authenticate, set_on_duty
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401


def urgent_case(url: str) -> str:
    with session_scope(url) as session:
        case, _ = open_case(
            session,
            NewCase(
                sender_id="telegram-9",
                channel="telegram",
                language="zh",
                reason="suicide_risk",
                priority=Priority.URGENT,
            ),
        )
        return case.ref


def team(url: str) -> None:
    """li (on duty, Telegram), wang (on duty, command line only), zhao (off duty, Telegram)."""
    with session_scope(url) as session:
        add_worker(session, "li", telegram_chat_id="11").on_duty = True
        add_worker(session, "wang").on_duty = True
        add_worker(session, "zhao", telegram_chat_id="33")


def alerts_for(url: str, chat_id: str) -> list[str]:
    with session_scope(url) as session:
        return [row.text for row in outbox.fetch_undelivered(session, "telegram", recipient=chat_id)]


def test_new_case_alerts_on_duty_workers_on_their_channel_in_their_language(store_url: str) -> None:  # noqa: F811
    team(store_url)
    ref = urgent_case(store_url)
    with session_scope(store_url) as session:
        assert alert_new_case(session, get_case(session, ref)) == 2  # li and wang are on duty
    (alert,) = alerts_for(store_url, "11")
    assert alert.startswith(f"新案件 {ref}（紧急，风险：有危机信号，需立即跟进）：自杀/自伤风险。")
    assert alert.endswith(f"认领：./hotline cases claim {ref} --worker 你的账号")
    assert alerts_for(store_url, "33") == []  # zhao is off duty
    with session_scope(store_url) as session:  # wang has no Telegram chat: `cases watch` shows it
        assert [row.text for row in outbox.fetch_undelivered(session, "cli", recipient="worker:wang")] == [alert]


def test_unclaimed_urgent_case_is_re_alerted_every_interval_until_claimed(store_url: str) -> None:  # noqa: F811
    team(store_url)
    ref = urgent_case(store_url)
    with session_scope(store_url) as session:
        alert_new_case(session, get_case(session, ref))
        first = get_case(session, ref).last_alerted_at
    assert first is not None
    with session_scope(store_url) as session:
        assert realert_unclaimed(session, now=first + dt.timedelta(minutes=2)) == []
        assert realert_unclaimed(session, now=first + dt.timedelta(minutes=3)) == [ref]
        assert realert_unclaimed(session, now=first + dt.timedelta(minutes=4)) == []
        assert realert_unclaimed(session, now=first + dt.timedelta(minutes=6)) == [ref]
    assert len(alerts_for(store_url, "11")) == 3 and "仍未被认领" in alerts_for(store_url, "11")[-1]
    with session_scope(store_url) as session:
        claim_case(session, authenticate(session, handle="li"), ref)
    with session_scope(store_url) as session:
        assert realert_unclaimed(session, now=first + dt.timedelta(minutes=30)) == []


def test_first_worker_to_come_on_duty_is_alerted_about_a_waiting_urgent_case(sqlite_url: str) -> None:  # noqa: F811
    with session_scope(sqlite_url) as session:
        add_worker(session, "zhao", telegram_chat_id="33")
    ref = urgent_case(sqlite_url)
    with session_scope(sqlite_url) as session:
        assert alert_new_case(session, get_case(session, ref)) == 0
        assert realert_unclaimed(session) == []  # nobody to alert yet
        set_on_duty(session, "zhao", True)
    with session_scope(sqlite_url) as session:
        assert realert_unclaimed(session, now=utcnow()) == [ref]
    assert len(alerts_for(sqlite_url, "33")) == 1


async def test_the_re_alert_loop_checks_until_stopped(sqlite_url: str) -> None:  # noqa: F811
    team(sqlite_url)
    ref = urgent_case(sqlite_url)
    stop = asyncio.Event()
    loop = asyncio.create_task(run_realert_loop(stop, check_seconds=0.05, database_url=sqlite_url))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(loop, timeout=5)
    assert any(ref in text for text in alerts_for(sqlite_url, "11"))
