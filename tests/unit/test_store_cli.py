"""The worker's command line over a real store: workers, cases, privacy and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import cases, report, users, workers
from store import outbox
from store.cases import NewCase, get_case, open_case
from store.db import session_scope
from store.models import Priority, Role
from tests.store_support import sqlite_url  # noqa: F401


@pytest.fixture()
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    """DATABASE_URL points the CLI at a fresh store holding one urgent and one normal case."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("HOTLINE_WORKER", raising=False)
    with session_scope(sqlite_url) as session:
        for sender, priority, line in (
            ("telegram-501", Priority.NORMAL, "merchant"),
            ("console-502", Priority.URGENT, "streamer"),
        ):
            open_case(
                session,
                NewCase(
                    sender_id=sender,
                    channel=sender.split("-")[0],
                    language="zh",
                    reason="user_request",
                    priority=priority,
                    service_line=line,
                    transcript=[(Role.USER, "我的手机13812345678，想找个真人聊聊")],
                ),
            )
    return sqlite_url


def run(module: object, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = module.main(argv)  # type: ignore[attr-defined]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_workers_are_added_listed_and_put_on_duty(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(workers, ["add", "li", "--name", "小李", "--telegram-chat-id", "4242"], capsys)[0] == 0
    assert run(workers, ["duty", "li", "on"], capsys)[1].strip() == "li is on duty"
    code, out, _ = run(workers, ["list"], capsys)
    assert code == 0 and "li" in out and "on duty" in out and "4242" in out
    code, _, err = run(workers, ["add", "li"], capsys)
    assert code == 1 and "already exists" in err
    assert run(workers, ["duty", "nobody", "on"], capsys)[0] == 1


def test_a_non_worker_cannot_list_show_or_claim_cases(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(cases, ["list"], capsys)
    assert code == 1 and "--worker YOUR_HANDLE" in err and "HOTLINE_WORKER" in err and "anonymous" not in err
    for argv in (["list", "--worker", "stranger"], ["show", "HL-000001", "--worker", "stranger"]):
        code, out, err = run(cases, argv, capsys)
        assert code == 1 and "not a registered social worker" in err and "HL-" not in out
    code, _, err = run(cases, ["claim", "HL-000001", "--worker", "stranger"], capsys)
    assert code == 1 and "not a registered social worker" in err


def test_cases_list_json_has_the_contract_fields_urgent_first(
    store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(workers, ["add", "li"], capsys)
    monkeypatch.setenv("HOTLINE_WORKER", "li")
    code, out, _ = run(cases, ["list", "--json"], capsys)
    rows = json.loads(out)
    assert code == 0 and [row["ref"] for row in rows] == ["HL-000002", "HL-000001"]
    assert {"ref", "sender_id", "priority", "status", "service_line", "created_at"} <= set(rows[0])
    assert rows[0]["sender_id"] == "console-502" and rows[0]["priority"] == "urgent"
    code, out, _ = run(cases, ["list", "--json", "--priority", "normal", "--status", "waiting"], capsys)
    assert [row["ref"] for row in json.loads(out)] == ["HL-000001"]


def test_claim_reply_and_show_through_the_command_line(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(workers, ["add", "li", "--name", "小李"], capsys)
    run(workers, ["add", "wang"], capsys)
    assert run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)[0] == 0
    code, _, err = run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)
    assert code == 1 and err.strip() == "error: HL-000001 is already yours"
    held = "HL-000001 is held by 小李 (li): ask them or a lead to transfer it"
    code, _, err = run(cases, ["claim", "HL-000001", "--worker", "wang"], capsys)
    assert code == 1 and held in err and "./hotline cases transfer HL-000001 --to YOUR_HANDLE" in err
    code, _, err = run(cases, ["reply", "HL-000001", "hello", "--worker", "wang"], capsys)
    assert code == 1 and held in err and "claim it first" not in err
    assert run(cases, ["reply", "HL-000001", "你好，我是社工小李", "--worker", "li"], capsys)[0] == 0
    with session_scope(store) as session:
        queued = [row.text for row in outbox.fetch_undelivered(session, "telegram", recipient="telegram-501")]
    assert queued == ["社工小李已经接手你的案件 HL-000001，接下来会在这里和你聊。", "社工小李：你好，我是社工小李"]
    code, out, _ = run(cases, ["show", "HL-000001", "--worker", "li"], capsys)
    assert code == 0 and "<phone …5678>" in out and "13812345678" not in out and "你好，我是社工小李" in out


def test_users_forget_erases_a_person_and_tries_to_resume_their_paused_bot(
    store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:1")  # no Rasa here: the operator must be told
    code, out, _ = run(users, ["forget", "console-502"], capsys)
    assert code == 0 and "erased 1 cases and 1 messages" in out
    assert "HL-000002 was open: its worker (or the on-duty team) has been told" in out
    assert "could not resume the bot for console-502" in out
    assert "erased 0 cases" in run(users, ["purge", "--days", "30"], capsys)[1]


def test_report_prints_counts_and_writes_a_png_chart(
    store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = tmp_path / "reports" / "cases.png"
    code, out, _ = run(report, ["--out", str(chart)], capsys)
    assert code == 0
    assert "cases: 2" in out and "merchant 1" in out and "urgent 1" in out and "ratings: none yet" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_closing_while_the_bot_cannot_be_resumed_keeps_the_case_open(
    store: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:1")
    run(workers, ["add", "li"], capsys)
    run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)
    code, _, err = run(cases, ["close", "HL-000001", "--outcome", "done", "--worker", "li"], capsys)
    assert code == 1 and "stays open with you" in err
    with session_scope(store) as session:
        assert get_case(session, "HL-000001").status == "claimed"
