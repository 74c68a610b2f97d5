"""The worker's side of the relay: waiting messages reach them, risk rises, call-backs need consent, erasure is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import casework
from bot.cli.cases import take_alerts
from bot.relay import CaseRelay
from store import outbox
from store.cases import NewCase, get_case, open_case, transcript
from store.db import session_scope
from store.evidence import attach_evidence
from store.models import Priority, Role
from store.summary import report
from store.workers import WorkerRef, add_worker, authenticate
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401

SENDER = "telegram-3001"
HOTLINES = ("12356", "010-82951332", "400-161-9995")


def open_streamer_case(url: str, priority: Priority = Priority.NORMAL, reason: str = "user_request") -> str:
    with session_scope(url) as session:
        case, _ = open_case(
            session,
            NewCase(
                sender_id=SENDER,
                channel="telegram",
                language="zh",
                reason=reason,
                priority=priority,
                service_line="streamer",
                topic="streamer_mcn_contract",
                transcript=[(Role.USER, "公会每个月扣我一半工资，还说我违约要赔五万")],
            ),
        )
        return case.ref


def add_worker_li(url: str, on_duty: bool = True, chat: str | None = "4242") -> None:
    with session_scope(url) as session:
        add_worker(session, "li", "李社工", telegram_chat_id=chat).on_duty = on_duty


def telegram_inbox(url: str, chat: str = "4242") -> list[str]:
    with session_scope(url) as session:
        return [row.text for row in outbox.fetch_undelivered(session, "telegram", recipient=chat)]


async def test_a_message_while_waiting_goes_into_the_case_and_the_bot_keeps_helping(store_url: str) -> None:  # noqa: F811
    ref = open_streamer_case(store_url)
    add_worker_li(store_url)
    # None: the bot answers this one (consultation help); the relay has already put it in the case.
    assert await CaseRelay(store_url).intercept(SENDER, "telegram", "合同里写的违约金合法吗") is None
    casework.claim(WorkerRef(handle="li"), ref, store_url)
    digest = telegram_inbox(store_url)[-1]
    assert digest.startswith(f"你已接手 {ref}。用户至今发来 2 条消息（含等待期间）")
    assert "公会每个月扣我一半工资" in digest and "合同里写的违约金合法吗" in digest


async def test_are_you_there_while_held_is_answered_truthfully_and_reaches_the_worker(store_url: str) -> None:  # noqa: F811
    ref = open_streamer_case(store_url)
    add_worker_li(store_url)
    casework.claim(WorkerRef(handle="li"), ref, store_url)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "你还在吗？")
    assert replies is not None and [r.text for r in replies] == [
        f"社工李社工已经接手你的案件 {ref}，你的消息都直接发给了TA，TA会在这里回复你。"
    ]
    assert telegram_inbox(store_url)[-1] == f"[{ref}] 用户：你还在吗？"


async def test_distress_while_waiting_is_heard_and_raises_the_risk_and_the_priority(store_url: str) -> None:  # noqa: F811
    ref = open_streamer_case(store_url)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "我一个人真的扛不住了")
    assert replies is not None and len(replies) == 2
    assert replies[0].text.startswith("听起来你现在真的很难受") and "现在没有社工在线" in replies[1].text
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        assert (case.risk_level, case.risk_words, case.priority) == ("concern", ["扛不住了"], "high")
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "我不想活了")
    assert replies is not None and all(number in replies[0].text for number in HOTLINES)
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        assert (case.risk_level, case.risk_words, case.priority) == ("high", ["不想活"], "urgent")


async def test_a_call_back_number_is_shown_to_the_holder_only_after_the_person_asks_for_a_call(
    store_url: str,  # noqa: F811
) -> None:
    ref = open_streamer_case(store_url)
    add_worker_li(store_url)
    with session_scope(store_url) as session:
        add_worker(session, "wang")
    casework.claim(WorkerRef(handle="li"), ref, store_url)
    relay = CaseRelay(store_url)
    replies = await relay.intercept(SENDER, "telegram", "我手机13912345678")
    assert replies is not None and "电话号码已经遮盖保存" in replies[0].text
    with session_scope(store_url) as session:
        assert report(session, get_case(session, ref), authenticate(session, handle="li")).callback is None
    replies = await relay.intercept(SENDER, "telegram", "请打电话给我，13912345678，晚上都可以")
    assert replies is not None and "已记录你同意社工给你打电话（号码尾号5678）" in replies[0].text
    assert (
        telegram_inbox(store_url)[-1]
        == f"[{ref}] 用户同意社工致电。号码只对接手社工显示：/case {ref} 或 ./hotline cases show {ref}"
    )
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        shown = report(session, case, authenticate(session, handle="li")).as_json()["callback"]
        assert shown["number"] == "13912345678" and shown["consented_at"].endswith("+00:00")
        assert report(session, case, authenticate(session, handle="wang")).callback is None
        assert all("13912345678" not in m.text for m in transcript(session, case))


async def test_erasure_while_held_tells_the_worker_at_once_and_keeps_a_record_without_content(
    store_url: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("HOTLINE_EVIDENCE_DIR", str(tmp_path))
    ref = open_streamer_case(store_url)
    add_worker_li(store_url)
    casework.claim(WorkerRef(handle="li"), ref, store_url)
    folder = tmp_path / ref
    folder.mkdir()
    (folder / "abc").write_bytes(b"contract")
    with session_scope(store_url) as session:
        attach_evidence(session, ref, "contract.jpg", "image/jpeg", 8, "a" * 64, str(folder / "abc"))
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "/delete_my_data")
    assert replies is not None
    assert "已删除你的对话记录和案件（1个案件" in replies[0].text
    assert replies[1].text == "负责你案件的社工已经收到通知：案件已按你的要求删除。"
    notice = telegram_inbox(store_url)[-1]
    assert notice.startswith(f"案件 {ref} 已应来访者要求删除（") and "只保留编号、时间和经手社工" in notice
    assert not folder.exists()
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        seen = report(session, case, authenticate(session, handle="li")).as_json()
    assert seen["status"] == "erased" and seen["worker"] == "li" and seen["erased_at"].endswith("+00:00")
    assert seen["messages"] == [] and seen["evidence"] == [] and seen["summary"].startswith("已应本人要求删除")


async def test_erasure_of_an_unclaimed_urgent_case_warns_the_on_duty_team_and_repeats_the_hotlines(
    store_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:1")
    add_worker_li(store_url)
    with session_scope(store_url) as session:
        add_worker(session, "zhao").on_duty = True  # on the command line: no Telegram chat
    ref = open_streamer_case(store_url, Priority.URGENT, "suicide_risk")
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "/delete_my_data")
    assert replies is not None and all(number in replies[0].text for number in HOTLINES)
    warning = telegram_inbox(store_url)[-1]
    assert warning.startswith(f"⚠ 案件 {ref} 是紧急案件（风险：有危机信号，需立即跟进）")
    assert "请立即按危机干预流程处理" in warning
    with session_scope(store_url) as session:
        printed = take_alerts(session, authenticate(session, handle="zhao"))
    assert any(f"⚠ 案件 {ref} 是紧急案件" in line for line in printed)
