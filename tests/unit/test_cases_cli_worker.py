"""The worker's command line for a real case: the JSON a worker acts on, transfer, read policy, watch, removal."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.cli import cases, workers
from bot.relay import CaseRelay
from store import outbox
from store.audit import history
from store.cases import NewCase, add_message, get_case, open_case
from store.db import session_scope
from store.models import Priority, Role
from tests.store_support import sqlite_url  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
STREAMER = "公会每个月扣我一半工资，还说我违约要赔五万，我快崩溃了"


@pytest.fixture()
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    """DATABASE_URL points the CLI at a fresh store holding the streamer's case HL-000001 (needs pleadings)."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("HOTLINE_WORKER", raising=False)
    with session_scope(sqlite_url) as session:
        open_case(
            session,
            NewCase(
                sender_id="telegram-701",
                channel="telegram",
                language="zh",
                reason="needs_pleadings",
                priority=Priority.HIGH,
                service_line="streamer",
                topic="streamer_mcn_contract",
                transcript=[(Role.USER, STREAMER), (Role.BOT, "听起来你压力很大……"), (Role.USER, "转人工")],
            ),
        )
    return sqlite_url


def run(module: object, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = module.main(argv)  # type: ignore[attr-defined]
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def team(capsys: pytest.CaptureFixture[str]) -> None:
    run(workers, ["add", "li", "--name", "李社工", "--telegram-chat-id", "4242", "--on-duty"], capsys)
    run(workers, ["add", "wang", "--name", "王社工"], capsys)
    run(workers, ["add", "chen", "--lead"], capsys)


async def test_show_json_states_the_problems_with_amount_roles_the_risk_and_every_message(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team(capsys)
    # Sent while waiting: it reaches the case, and the distress is answered by the relay, not by a topic answer.
    heard = await CaseRelay(store).intercept("telegram-701", "telegram", "我一个人真的扛不住了")
    assert heard is not None and heard[0].text.startswith("听起来你现在真的很难受")
    code, out, _ = run(cases, ["show", "HL-000001", "--json", "--worker", "li"], capsys)
    shown = json.loads(out)
    assert code == 0 and {"summary", "risk", "priority", "facts", "messages"} <= set(shown)
    assert shown["summary"].startswith(
        "主播/直播间从业者：「公会每个月扣我一半工资」：一半工资（应得而被扣/被欠）；"
        "「还说我违约要赔五万」：50000元（对方向其索要，本人未付）；感受："
    )
    assert "快崩溃了" in shown["summary"] and "扛不住了" in shown["summary"]
    assert shown["risk"]["level"] == "concern" and shown["risk"]["label"] == "有情绪困扰信号，需关注"
    assert any("快崩溃了" in w for w in shown["risk"]["words"]) and any("扛不住了" in w for w in shown["risk"]["words"])
    assert shown["priority"] == "high"
    assert shown["topic"] == {"code": "streamer_mcn_contract", "label": "MCN合同与违约金"}
    assert shown["reason"]["label"] == "需要起草仲裁/起诉材料（MCN或劳动纠纷）"
    claimed = [a for p in shown["facts"]["problems"] for a in p["amounts"]]
    assert [(a["amount"], a["role"]) for a in claimed] == [("一半工资", "owed_to_them"), ("50000", "claimed_against")]
    assert "amount_paid" not in shown["facts"]
    assert [m["text"] for m in shown["messages"] if m["role"] == "user"] == [STREAMER, "转人工", "我一个人真的扛不住了"]
    assert all(m["at"].endswith("+00:00") for m in shown["messages"]) and shown["created_at"].endswith("+00:00")


def test_the_holder_or_a_lead_transfers_a_case_and_both_people_are_told(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team(capsys)
    run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)
    code, _, err = run(cases, ["transfer", "HL-000001", "--to", "li", "--worker", "wang"], capsys)
    assert code == 1 and "only the worker holding HL-000001 or a lead may transfer it" in err
    code, out, _ = run(cases, ["transfer", "HL-000001", "--to", "wang", "--worker", "li"], capsys)
    assert code == 0 and "HL-000001 is now held by wang" in out
    with session_scope(store) as session:
        person = [row.text for row in outbox.fetch_undelivered(session, "telegram", recipient="telegram-701")]
        alerts = [row.text for row in outbox.fetch_undelivered(session, "cli", recipient="worker:wang")]
    assert person[-1] == "你的案件 HL-000001 已经转给社工王社工，接下来由TA在这里和你聊。"
    assert alerts == ["案件 HL-000001 已由 李社工 转给你。查看：./hotline cases show HL-000001"]
    assert run(cases, ["reply", "HL-000001", "你好，我是王社工", "--worker", "wang"], capsys)[0] == 0
    assert "held by 王社工 (wang)" in run(cases, ["reply", "HL-000001", "hi", "--worker", "li"], capsys)[2]
    assert run(cases, ["transfer", "HL-000001", "--to", "li", "--worker", "chen"], capsys)[0] == 0  # a lead


def test_reading_a_case_another_worker_holds_follows_the_policy_and_every_read_is_audited(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team(capsys)
    assert run(cases, ["show", "HL-000001", "--worker", "wang"], capsys)[0] == 0  # waiting: any worker may read
    run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)
    code, out, err = run(cases, ["show", "HL-000001", "--worker", "wang"], capsys)
    assert code == 1 and "only its worker or a lead may read it" in err and "公会" not in out
    assert run(cases, ["show", "HL-000001", "--worker", "chen"], capsys)[0] == 0
    with session_scope(store) as session:
        reads = [(e.actor, e.action) for e in history(session, "HL-000001") if e.action.startswith("read")]
    assert reads == [("wang", "read"), ("wang", "read_refused"), ("chen", "read")]


async def test_watch_prints_new_messages_and_alerts_for_a_command_line_worker(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team(capsys)
    run(cases, ["claim", "HL-000001", "--worker", "wang"], capsys)
    await CaseRelay(store).intercept("telegram-701", "telegram", "合同照片我拍好了")
    code, out, _ = run(cases, ["watch", "--worker", "wang", "--rounds", "1", "--interval", "0"], capsys)
    assert code == 0 and "你已接手 HL-000001。用户至今发来 2 条消息（含等待期间）" in out
    assert "[HL-000001] 用户：合同照片我拍好了" in out
    assert "+00:00 " in out
    code, out, _ = run(cases, ["watch", "--worker", "wang", "--rounds", "1", "--interval", "0"], capsys)
    assert "[HL-000001]" not in out  # each line once


def test_workers_go_off_duty_and_are_removed_once_they_hold_no_case(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    team(capsys)
    assert run(workers, ["off-duty", "li"], capsys)[1].strip() == "li is off duty"
    run(cases, ["claim", "HL-000001", "--worker", "li"], capsys)
    code, _, err = run(workers, ["remove", "li"], capsys)
    assert code == 1 and "li still holds HL-000001: transfer them first" in err
    run(cases, ["transfer", "HL-000001", "--to", "wang", "--worker", "li"], capsys)
    assert run(workers, ["remove", "li"], capsys)[0] == 0
    assert "li " not in run(workers, ["list"], capsys)[1]
    assert "not a registered social worker" in run(cases, ["list", "--worker", "li"], capsys)[2]
    code, out, _ = run(cases, ["list", "--json", "--worker", "wang"], capsys)
    assert json.loads(out)[0]["claimed_at"].endswith("+00:00")


def test_show_piped_into_head_ends_without_a_traceback(store: str) -> None:
    subprocess.run([str(ROOT / "hotline"), "workers", "add", "li"], check=True, capture_output=True)
    shell = f"{ROOT / 'hotline'} cases show HL-000001 --worker li | head -c 20"
    env = dict(os.environ)
    # Enough lines that the writer is still writing when head has gone.
    with session_scope(store) as session:
        case = get_case(session, "HL-000001")
        for number in range(3000):
            add_message(session, case, Role.BOT, f"第{number}条很长的回复" * 5)
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, env=env)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert done.returncode == 0, done.stderr
