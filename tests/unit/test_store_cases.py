"""The case store on SQLite and PostgreSQL: opening, claiming, relaying, closing and rating cases."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from store import outbox
from store.audit import history
from store.cases import (
    NewCase,
    add_message,
    add_worker_reply,
    claim_case,
    close_case,
    find_open_case,
    get_case,
    list_cases,
    open_case,
    parse_ref,
    record_rating,
    transcript,
)
from store.db import session_scope
from store.errors import AlreadyClaimed, CaseClosed, CaseNotFound, NotAssignee, NotAWorker
from store.evidence import attach_evidence, evidence_for
from store.models import Case, Priority, Role, Status
from store.workers import add_worker, authenticate, on_duty_workers, set_on_duty
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401


def consumer_case(sender: str = "telegram-1001", priority: Priority = Priority.NORMAL) -> NewCase:
    """A consumer who bought a fake bag in a live stream and asked for a person."""
    return NewCase(
        sender_id=sender,
        channel="telegram",
        language="zh",
        reason="user_request",
        priority=priority,
        service_line="consumer",
        topic="consumer_counterfeit",
        facts={"platform": "douyin", "amount_paid": 899.0},
        transcript=[(Role.USER, "直播间买的包是假的，我电话13812345678"), (Role.BOT, "可以要求退一赔三")],
    )


def register(url: str, *handles: str) -> None:
    with session_scope(url) as session:
        for handle in handles:
            add_worker(session, handle, handle.title())


def test_first_case_is_hl_000001_waiting_with_a_masked_transcript(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        case, created = open_case(session, consumer_case())
        ref = case.ref
    assert created and ref == "HL-000001"
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        assert case.status == Status.WAITING and case.priority == Priority.NORMAL
        assert case.user_pseudonym.startswith("u-") and "1001" not in case.user_pseudonym
        lines = [m.text for m in transcript(session, case)]
    assert lines[0] == "直播间买的包是假的，我电话<phone …5678>"
    assert all("13812345678" not in line for line in lines)


def test_person_with_an_open_case_keeps_one_case_whose_priority_only_rises(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        first, _ = open_case(session, consumer_case())
        again, created = open_case(session, consumer_case(priority=Priority.URGENT))
        assert not created and again.id == first.id and again.priority == Priority.URGENT
        lower, _ = open_case(session, consumer_case(priority=Priority.NORMAL))
        assert lower.priority == Priority.URGENT


def test_references_are_parsed_leniently_and_unknown_ones_are_reported() -> None:
    assert parse_ref("HL-000123") == parse_ref("hl-123") == parse_ref("123") == 123
    with pytest.raises(CaseNotFound):
        parse_ref("case twelve")


def test_unregistered_person_is_not_a_worker(store_url: str) -> None:  # noqa: F811
    register(store_url, "li")
    with session_scope(store_url) as session, pytest.raises(NotAWorker):
        authenticate(session, handle="stranger")
    with session_scope(store_url) as session, pytest.raises(NotAWorker):
        authenticate(session, telegram_chat_id="999")


def test_claim_reply_close_and_rating_in_order(store_url: str) -> None:  # noqa: F811
    register(store_url, "li")
    with session_scope(store_url) as session:
        ref = open_case(session, consumer_case())[0].ref
    with session_scope(store_url) as session:
        li = authenticate(session, handle="li")
        assert claim_case(session, li, ref).status == Status.CLAIMED
        add_worker_reply(session, li, ref, "你好，我是社工小李，请把订单截图发我")
        closed = close_case(session, li, ref, "guided to platform intervention, then 12315")
        assert closed.status == Status.CLOSED and closed.closed_at and closed.claimed_at
    with session_scope(store_url) as session:
        assert record_rating(session, "telegram-1001", 4) is not None
        assert record_rating(session, "telegram-1001", 5) is None  # already rated
        case = get_case(session, ref)
        assert case.rating == 4 and find_open_case(session, "telegram-1001") is None
        assert [line.action for line in history(session, ref)] == ["opened", "claimed", "replied", "closed", "rated"]
        assert [line.actor for line in history(session, ref)][1:4] == ["li", "li", "li"]


def test_only_the_assignee_may_reply_or_close(store_url: str) -> None:  # noqa: F811
    register(store_url, "li", "wang")
    with session_scope(store_url) as session:
        ref = open_case(session, consumer_case())[0].ref
        li, wang = authenticate(session, handle="li"), authenticate(session, handle="wang")
        with pytest.raises(NotAssignee):
            add_worker_reply(session, wang, ref, "hello")  # nobody holds it yet
        claim_case(session, li, ref)
        with pytest.raises(NotAssignee):
            add_worker_reply(session, wang, ref, "我来接手")
        with pytest.raises(NotAssignee):
            close_case(session, wang, ref, "done")
        close_case(session, li, ref, "done")
        with pytest.raises(CaseClosed):
            claim_case(session, wang, ref)
        with pytest.raises(CaseClosed):
            add_worker_reply(session, li, ref, "one more thing")


def test_claiming_a_held_case_names_the_holder(store_url: str) -> None:  # noqa: F811
    register(store_url, "li", "wang")
    with session_scope(store_url) as session:
        ref = open_case(session, consumer_case())[0].ref
        claim_case(session, authenticate(session, handle="li"), ref)
    with session_scope(store_url) as session, pytest.raises(AlreadyClaimed, match="li"):
        claim_case(session, authenticate(session, handle="wang"), ref)


def race_to_claim(url: str, ref: str, handles: list[str]) -> tuple[list[str], list[str]]:
    """Every worker claims `ref` in their own thread and session at the same instant: (winners, losers)."""
    start = threading.Barrier(len(handles))
    winners: list[str] = []
    losers: list[str] = []

    def claim(handle: str) -> None:
        start.wait()
        try:
            with session_scope(url) as session:
                claim_case(session, authenticate(session, handle=handle), ref)
            winners.append(handle)
        except AlreadyClaimed:
            losers.append(handle)

    threads = [threading.Thread(target=claim, args=(handle,)) for handle in handles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return winners, losers


def test_two_workers_claiming_the_same_case_at_once_exactly_one_wins(store_url: str) -> None:  # noqa: F811
    handles = [f"worker{n}" for n in range(6)]
    register(store_url, *handles)
    for round_number in range(5):
        with session_scope(store_url) as session:
            ref = open_case(session, consumer_case(sender=f"telegram-race-{round_number}"))[0].ref
        winners, losers = race_to_claim(store_url, ref, handles)
        assert len(winners) == 1 and len(losers) == len(handles) - 1
        with session_scope(store_url) as session:
            case = get_case(session, ref)
            assert case.worker is not None and case.worker.handle == winners[0]
            assert [line.action for line in history(session, ref)].count("claimed") == 1


def test_cases_list_most_urgent_first_and_filters(store_url: str) -> None:  # noqa: F811
    register(store_url, "li")
    with session_scope(store_url) as session:
        open_case(session, consumer_case("telegram-a", Priority.NORMAL))
        open_case(session, consumer_case("telegram-b", Priority.URGENT))
        open_case(session, consumer_case("telegram-c", Priority.HIGH))
        li = authenticate(session, handle="li")
        assert [c.sender_id for c in list_cases(session, li)] == ["telegram-b", "telegram-c", "telegram-a"]
        assert [c.sender_id for c in list_cases(session, li, priority="high")] == ["telegram-c"]
        assert list_cases(session, li, status="closed") == []


def test_duty_decides_who_is_alerted(store_url: str) -> None:  # noqa: F811
    register(store_url, "li", "wang")
    with session_scope(store_url) as session:
        set_on_duty(session, "wang", True)
        assert [w.handle for w in on_duty_workers(session)] == ["wang"]
        set_on_duty(session, "wang", False)
        assert on_duty_workers(session) == []


def test_outbox_delivers_each_message_once_per_recipient(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        outbox.enqueue(session, "telegram", "telegram-1001", "社工小李：你好", [{"title": "5", "payload": "/rate"}])
        outbox.enqueue(session, "telegram", "555", "新案件 HL-000001")
        outbox.enqueue(session, "console", "console-me", "hi")
    with session_scope(store_url) as session:
        rows = outbox.fetch_undelivered(session, "telegram", recipient="telegram-1001")
        assert [r.text for r in rows] == ["社工小李：你好"]
        assert outbox.buttons_of(rows[0]) == [{"title": "5", "payload": "/rate"}]
        assert outbox.mark_delivered(session, [r.id for r in rows]) == 1
        assert outbox.mark_delivered(session, [r.id for r in rows]) == 0
    with session_scope(store_url) as session:
        assert [r.recipient for r in outbox.fetch_undelivered(session, "telegram")] == ["555"]


def test_evidence_metadata_is_attached_to_the_case(store_url: str, tmp_path: object) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        ref = open_case(session, consumer_case())[0].ref
        attach_evidence(session, ref, "receipt.jpg", "image/jpeg", 20480, "ab" * 32, "/var/evidence/1.jpg")
    with session_scope(store_url) as session:
        (item,) = evidence_for(session, ref)
        assert (item.filename, item.mime, item.size, item.sha256) == ("receipt.jpg", "image/jpeg", 20480, "ab" * 32)
        with pytest.raises(CaseNotFound):
            attach_evidence(session, "HL-999999", "x.png", "image/png", 1, "0" * 64, "/tmp/x.png")


def test_ratings_outside_one_to_five_are_refused(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session, pytest.raises(ValueError):
        record_rating(session, "telegram-1001", 6)


def test_user_messages_are_masked_when_added(store_url: str) -> None:  # noqa: F811
    with session_scope(store_url) as session:
        case = open_case(session, consumer_case())[0]
        add_message(session, case, Role.USER, "卡号6222020200001234562")
        stored = session.scalars(select(Case)).one().messages[-1].text
    assert stored == "卡号<bank-card …4562>"
