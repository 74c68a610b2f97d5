"""The relay while a case waits or is held: every message reaches the human, and the person always hears back."""

from __future__ import annotations

import pytest

from bot.relay import CaseRelay, outbox_fetcher
from store import outbox
from store.cases import NewCase, claim_case, find_open_case, get_case, open_case, transcript
from store.db import session_scope
from store.models import Priority, Role
from store.workers import add_worker, authenticate
from tests.store_support import postgres_url, sqlite_url, store_url  # noqa: F401

HOTLINES = ("12356", "010-82951332", "400-161-9995")
SENDER = "telegram-3001"


def open_waiting_case(url: str, language: str = "zh") -> str:
    with session_scope(url) as session:
        case, _ = open_case(
            session,
            NewCase(
                sender_id=SENDER,
                channel="telegram",
                language=language,
                reason="user_request",
                priority=Priority.NORMAL,
                service_line="streamer",
            ),
        )
        return case.ref


def add_li(url: str, on_duty: bool = True) -> None:
    with session_scope(url) as session:
        add_worker(session, "li", "小李", telegram_chat_id="4242").on_duty = on_duty


def claim_by_li(url: str, ref: str) -> None:
    with session_scope(url) as session:
        claim_case(session, authenticate(session, handle="li"), ref)


def worker_inbox(url: str) -> list[str]:
    with session_scope(url) as session:
        return [row.text for row in outbox.fetch_undelivered(session, "telegram", recipient="4242")]


async def test_a_person_without_a_case_is_left_to_the_bot(sqlite_url: str) -> None:  # noqa: F811
    assert await CaseRelay(sqlite_url).intercept(SENDER, "telegram", "你好") is None


async def test_waiting_person_is_told_truthfully_that_nobody_has_picked_it_up_yet(store_url: str) -> None:  # noqa: F811
    ref = open_waiting_case(store_url)
    add_li(store_url)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "还要等多久？我电话13812345678")
    assert replies is not None and len(replies) == 2
    masked, status = (reply.text for reply in replies)
    assert "电话号码已经遮盖保存" in masked and "请打电话给我" in masked  # no consent given: the worker cannot see it
    assert ref in status and "还没有社工接手" in status and "1位社工在线" in status and "2小时" in status
    assert "不是保证" in status
    with session_scope(store_url) as session:
        lines = [m.text for m in transcript(session, get_case(session, ref))]
    assert lines == ["还要等多久？我电话<phone …5678>"]


async def test_waiting_person_hears_plainly_when_no_worker_is_on_duty(sqlite_url: str) -> None:  # noqa: F811
    open_waiting_case(sqlite_url, language="en")
    add_li(sqlite_url, on_duty=False)
    replies = await CaseRelay(sqlite_url).intercept(SENDER, "telegram", "hello? is anyone there?")
    assert replies is not None and len(replies) == 1
    assert "no social worker is on duty right now, so I can't say how long" in replies[0].text
    assert "12356" in replies[0].text


async def test_message_in_a_held_case_reaches_the_worker_masked(store_url: str) -> None:  # noqa: F811
    ref = open_waiting_case(store_url)
    add_li(store_url)
    claim_by_li(store_url, ref)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "合同照片发你了，我身份证11010519491231002X")
    assert replies is not None and [r.text for r in replies] == ["已转给社工小李。"]
    assert worker_inbox(store_url) == [f"[{ref}] 用户：合同照片发你了，我身份证<id-card>"]


async def test_crisis_message_during_a_held_case_makes_it_urgent_and_gives_hotlines(store_url: str) -> None:  # noqa: F811
    ref = open_waiting_case(store_url)
    add_li(store_url)
    claim_by_li(store_url, ref)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "我真的不想活了")
    assert replies is not None
    seen = "\n".join(r.text for r in replies)
    assert all(number in seen for number in HOTLINES) and "120" in seen and "110" in seen
    with session_scope(store_url) as session:
        case = get_case(session, ref)
        assert case.priority == Priority.URGENT and case.reason == "suicide_risk"
    assert any(text.startswith(f"⚠ 案件 {ref}") for text in worker_inbox(store_url))


async def test_a_crisis_written_in_english_in_a_chinese_case_is_answered_in_english(store_url: str) -> None:  # noqa: F811
    ref = open_waiting_case(store_url)
    add_li(store_url)
    claim_by_li(store_url, ref)
    replies = await CaseRelay(store_url).intercept(SENDER, "telegram", "I want to kill myself, the pills are here")
    assert replies is not None
    seen = "\n".join(r.text for r in replies)
    assert all(number in seen for number in HOTLINES) and "national psychological assistance hotline" in seen, seen
    assert "全国心理援助热线" not in seen
    with session_scope(store_url) as session:
        assert get_case(session, ref).language == "en"


async def test_crisis_while_waiting_alerts_every_on_duty_worker(sqlite_url: str) -> None:  # noqa: F811
    ref = open_waiting_case(sqlite_url, language="en")
    add_li(sqlite_url)
    replies = await CaseRelay(sqlite_url).intercept(SENDER, "telegram", "I want to kill myself tonight")
    assert replies is not None and "12356" in replies[0].text and "call 120" in replies[0].text
    assert worker_inbox(sqlite_url) == [f"⚠ 案件 {ref} 中出现危机信号（suicide_risk），已升级为紧急，请立即查看。"]


async def test_delete_my_data_erases_the_case_and_confirms(
    sqlite_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:1")  # Rasa down: erasure still happens, the failure is logged
    open_waiting_case(sqlite_url)
    relay = CaseRelay(sqlite_url)
    await relay.intercept(SENDER, "telegram", "我的卡号6222020200001234562")
    replies = await relay.intercept(SENDER, "telegram", "/delete_my_data")
    assert replies is not None and "1个案件，1条消息" in replies[0].text
    assert "could not resume the bot" in caplog.text
    with session_scope(sqlite_url) as session:
        assert find_open_case(session, SENDER) is None
    assert await relay.intercept(SENDER, "telegram", "你好") is None


async def test_offline_crisis_gives_hotlines_and_opens_an_urgent_case(sqlite_url: str) -> None:  # noqa: F811
    replies = await CaseRelay(sqlite_url).open_crisis_case_offline(SENDER, "telegram", "zh", "我想自杀")
    seen = "\n".join(r.text for r in replies)
    assert replies[0].text.startswith("谢谢你愿意告诉我") and all(n in replies[0].text for n in HOTLINES)
    assert "HL-000001" in seen and "现在没有社工在线" in seen
    with session_scope(sqlite_url) as session:
        case = find_open_case(session, SENDER)
        assert case is not None and case.priority == Priority.URGENT
        assert [(m.role, m.text) for m in case.messages] == [(Role.USER.value, "我想自杀")]


async def test_offline_crisis_still_gives_hotlines_when_the_store_is_down() -> None:
    unreachable = "postgresql+psycopg2://postgres@127.0.0.1:1/none?connect_timeout=1"
    replies = await CaseRelay(unreachable).open_crisis_case_offline(SENDER, "telegram", "en", "I want to end my life")
    assert all(number in replies[0].text for number in HOTLINES)
    assert "please call one of the lines above now" in replies[-1].text


async def test_outbox_fetcher_hands_queued_messages_to_the_person_once(sqlite_url: str) -> None:  # noqa: F811
    with session_scope(sqlite_url) as session:
        outbox.enqueue(
            session, "console", "console-me", "社工小李：你好", [{"title": "5", "payload": '/rate{"rating":"5"}'}]
        )
    fetch = outbox_fetcher("console", "me", sqlite_url)
    (reply,) = await fetch()
    assert reply.text == "社工小李：你好" and reply.buttons[0].payload == '/rate{"rating":"5"}'
    assert await fetch() == []


@pytest.mark.parametrize("command", ["/delete_my_data", " /DELETE_MY_DATA "])
async def test_delete_my_data_works_without_any_case(sqlite_url: str, command: str) -> None:  # noqa: F811
    replies = await CaseRelay(sqlite_url).intercept(SENDER, "telegram", command.strip())
    assert replies is not None and "0个案件" in replies[0].text


async def test_with_the_store_down_the_message_goes_to_the_bot_instead_of_failing() -> None:
    unreachable = "postgresql+psycopg2://postgres@127.0.0.1:1/none?connect_timeout=1"
    assert await CaseRelay(unreachable).intercept(SENDER, "telegram", "你好") is None


async def test_someone_at_risk_who_now_cannot_be_reached_gets_120_and_110_for_them(sqlite_url: str) -> None:  # noqa: F811
    open_waiting_case(sqlite_url)
    add_li(sqlite_url)
    relay = CaseRelay(sqlite_url)
    first = await relay.intercept(SENDER, "telegram", "我同事昨晚跟我说活着没意思，想从楼上跳下去")
    assert first is not None and "对方" in "\n".join(r.text for r in first)
    later = await relay.intercept(SENDER, "telegram", "现在打他电话一直不接")
    assert later is not None
    seen = "\n".join(r.text for r in later)
    assert "120" in seen and "110" in seen and "联系上对方了吗" in seen
    assert "你是不是在想结束自己的生命" not in seen
