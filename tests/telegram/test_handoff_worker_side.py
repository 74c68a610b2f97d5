"""The social worker's side of a Telegram handoff: media pass through, and an erasure is told, not silent.

Real Application, real Rasa stack and case store, Telegram played by the Bot API stand-in.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bot.telegram.texts import text
from store.cases import get_case
from store.db import session_scope
from store.evidence import evidence_for
from tests.botapi_standin import updates
from tests.botapi_standin.driver import Standin
from tests.telegram.conftest import RunningBot, new_user_id, register_worker, turn

REF = re.compile(r"HL-\d{6}")


async def claimed_case(standin: Standin, person: int, worker: int) -> str:
    """The person asks for a human and the worker takes the case with /take; returns its reference."""
    register_worker(f"worker{worker}", worker)
    opened = await turn(standin, person, "/human")
    ref = next(m.group(0) for t in opened if (m := REF.search(t)))
    standin.say(worker, f"/take {ref}")
    assert await standin.wait_text(worker, text("claim_won", "zh", ref=ref))
    return ref


async def test_stickers_and_voice_notes_reach_the_worker_during_a_case(
    running_bot: RunningBot, standin: Standin
) -> None:
    person, worker = new_user_id(), new_user_id()
    ref = await claimed_case(standin, person, worker)

    before = len(standin.texts_to(person))
    standin.send_media(person, sticker={**updates.sticker(), "emoji": "😭"})
    assert await standin.wait_text(person, f"已转给社工（案件 {ref}）：表情。", after=before)
    assert await standin.wait_text(worker, f"[{ref}] 用户发来表情：😭")
    assert not any("只能读文字" in t for t in standin.texts_to(person)[before:]), "no bounce during a handoff"

    voice = os.urandom(3000)
    file_id, unique_id = standin.state.add_file(voice, ".ogg")
    before = len(standin.texts_to(person))
    note = {"file_id": file_id, "file_unique_id": unique_id, "duration": 3, "mime_type": "audio/ogg"}
    standin.send_media(person, voice={**note, "file_size": len(voice)})
    assert await standin.wait_text(person, f"已转给社工（案件 {ref}）：语音。", after=before)
    seen = await standin.wait_text(worker, f"[{ref}] 用户发来语音：")
    with session_scope() as session:
        (item,) = evidence_for(session, ref)
    assert item.mime == "audio/ogg" and Path(item.stored_path).read_bytes() == voice
    assert f"文件：{item.stored_path}" in seen, "the worker sees where the file is"

    standin.say(worker, f"/case {ref}")
    shown = await standin.wait_text(worker, "全部消息")
    assert (
        f"{ref}  normal  claimed" in shown
        and f"证据: {item.filename} (audio/ogg" in shown
        and item.stored_path in shown
    )


async def test_erasure_during_a_handoff_is_told_to_the_worker_at_once(
    running_bot: RunningBot, standin: Standin
) -> None:
    person, worker = new_user_id(), new_user_id()
    ref = await claimed_case(standin, person, worker)

    standin.say(person, "/delete_my_data")
    question = await standin.wait_for(
        lambda: [m for m in standin.messages_with_buttons(person) if m["text"] == text("delete_confirm", "zh")],
        60, "the confirmation question",
    )  # fmt: skip
    standin.press(person, question[-1], "del|yes")
    assert await standin.wait_text(person, "负责你案件的社工已经收到通知")
    notice = await standin.wait_text(worker, f"案件 {ref} 已应来访者要求删除")
    assert "只保留编号、时间和经手社工" in notice

    with session_scope() as session:
        case = get_case(session, ref)
        assert case.status == "erased" and case.worker is not None and case.messages == []
    standin.say(worker, f"/case {ref}")
    record = await standin.wait_text(worker, "已应本人要求删除")
    assert "不保留任何内容" in record and f"社工: worker{worker}" in record
    standin.say(worker, f"/close {ref} 已处理")
    assert await standin.wait_text(worker, text("case_closed", "zh", ref=ref)), "no 'unknown case' for an erased one"
