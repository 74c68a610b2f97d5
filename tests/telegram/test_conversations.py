"""Whole conversations in Telegram with the real Rasa stack: people asking for help, social workers answering.

Each test plays Telegram users (and workers) against the Bot API stand-in; the real Application, Rasa server,
action server and case store do the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path

from bot.telegram.texts import text
from store.cases import find_open_case
from store.db import session_scope
from store.evidence import evidence_for
from tests.botapi_standin.driver import Standin
from tests.telegram.conftest import WORKERS_CHAT, RunningBot, new_user_id, register_worker, turn

REF = re.compile(r"HL-\d{6}")


def _payloads(message: dict) -> list[str]:
    return [b["callback_data"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def _case_ref(texts: list[str]) -> str:
    found = [m.group(0) for t in texts if (m := REF.search(t))]
    assert found, f"no case reference in {texts}"
    return found[0]


async def test_consumer_dispute_from_start_menu_to_the_first_question(
    running_bot: RunningBot, standin: Standin
) -> None:
    person = new_user_id()
    welcome = await turn(standin, person, "/start")
    assert any("/delete_my_data" in t for t in welcome), "the welcome includes the privacy notice"
    menu = standin.messages_with_buttons(person)[-1]
    consumer = next(data for data in _payloads(menu) if '"consumer"' in data)
    assert all(len(data.encode()) <= 64 for data in _payloads(menu))

    query_id = standin.press(person, menu, consumer)
    topics = await turn(standin, person)
    answered = [c for c in standin.calls("answerCallbackQuery") if c.params["callback_query_id"] == query_id]
    assert len(answered) == 1, "the button press is acknowledged once"
    pressed = standin.api.sent[(person, menu["message_id"])]
    assert "reply_markup" not in pressed and text("button_chosen", "zh", title="").rstrip() in pressed["text"]
    assert topics and standin.messages_with_buttons(person)[-1]["message_id"] > menu["message_id"]

    replies = await turn(standin, person, "我在抖音直播间买的包是假货，花了899元")
    assert replies, "the dispute gets an answer"
    assert text("service_unavailable", "zh") not in replies and text("error_generic", "zh") not in replies
    assert standin.calls("sendChatAction", lambda c: int(c.params["chat_id"]) == person), "typing… was shown"


async def test_crisis_is_claimed_by_a_worker_in_the_group_and_they_talk(
    running_bot: RunningBot, standin: Standin
) -> None:
    person, worker, stranger = new_user_id(), new_user_id(), new_user_id()
    register_worker(f"worker{worker}", worker)

    crisis = await turn(standin, person, "我真的不想活了，今晚就想结束这一切")
    assert any("12356" in t for t in crisis), "hotlines come first"
    ref = _case_ref(crisis)

    def card() -> dict | None:
        cards = [m for m in standin.messages_with_buttons(WORKERS_CHAT) if ref in m["text"]]
        return cards[-1] if cards else None

    posted = await standin.wait_for(card, 60, f"a card for {ref} in the workers' group")
    assert "urgent" in posted["text"] and "不想活" in posted["text"]

    standin.press(stranger, posted, f"claim|{ref}")
    refusal = await standin.wait_for(
        lambda: standin.calls("answerCallbackQuery", lambda c: c.params.get("text") == text("not_a_worker", "zh")),
        60, "the stranger's claim to be refused",
    )  # fmt: skip
    assert refusal and card() is not None, "a non-worker cannot claim; the card keeps its button"

    standin.press(worker, posted, f"claim|{ref}")
    await standin.wait_for(lambda: card() is None, 60, "the card to lose its Claim button")
    assert "认领" in standin.api.sent[(WORKERS_CHAT, posted["message_id"])]["text"]
    await standin.wait_text(person, ref, after=len(crisis))  # "social worker … has taken your case"

    standin.say(worker, "你好，我是社工。你现在安全吗？")
    assert await standin.wait_text(worker, text("relayed", "zh", ref=ref))
    assert await standin.wait_text(person, "你好，我是社工。你现在安全吗？")

    standin.say(person, "我在家，还好")
    assert "我在家，还好" in await standin.wait_text(worker, f"[{ref}]")

    card_now = standin.api.sent[(WORKERS_CHAT, posted["message_id"])]
    standin.say(worker, "我们今晚会一直在线。", chat_id=WORKERS_CHAT, reply_to=card_now)
    assert await standin.wait_text(person, "我们今晚会一直在线。")

    keyboards_before = len(standin.messages_with_buttons(person))
    standin.say(worker, f"/close {ref} 已转介心理援助")
    assert await standin.wait_text(worker, text("case_closed", "zh", ref=ref))
    rating = await standin.wait_for(
        lambda: standin.messages_with_buttons(person)[keyboards_before:], 60, "the rating request after closing"
    )
    assert len(_payloads(rating[-1])) >= 5, "the person can rate 1–5 with buttons"


async def test_worker_commands_list_take_note_and_refuse_non_workers(running_bot: RunningBot, standin: Standin) -> None:
    person, worker, stranger = new_user_id(), new_user_id(), new_user_id()
    register_worker(f"worker{worker}", worker)
    ref = _case_ref(await turn(standin, person, "/human"))
    alert = await standin.wait_for(lambda: standin.messages_with_buttons(worker), 60, "the on-duty worker's alert")
    assert ref in alert[-1]["text"] and _payloads(alert[-1]) == [f"claim|{ref}"]

    standin.say(stranger, "/cases")
    assert await standin.wait_text(stranger, text("not_a_worker", "zh"))
    standin.say(worker, "/cases")
    assert await standin.wait_text(worker, ref)
    standin.say(worker, f"/take {ref}")
    assert await standin.wait_text(worker, text("claim_won", "zh", ref=ref))
    standin.say(worker, f"/note {ref} 来访者手机13812345678，需回访")
    assert await standin.wait_text(worker, text("note_saved", "zh", ref=ref))
    standin.say(stranger, f"/take {ref}")
    assert await standin.wait_text(stranger, text("not_a_worker", "zh"))
    assert not any("需回访" in t for t in standin.texts_to(person)), "notes never reach the person"


async def test_photo_sent_during_a_case_is_kept_as_evidence(running_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    ref = _case_ref(await turn(standin, person, "/human"))
    photo = os.urandom(50_000)

    before = len(standin.texts_to(person))
    standin.send_photo(person, photo)
    saved = await standin.wait_text(person, ref, after=before)
    digest = hashlib.sha256(photo).hexdigest()
    assert digest[:12] in saved

    with session_scope() as session:
        items = evidence_for(session, ref)
        assert [(e.sha256, e.size, e.mime) for e in items] == [(digest, len(photo), "image/jpeg")]
        stored = Path(items[0].stored_path)
    assert stored.read_bytes() == photo
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600, "evidence is data: not executable, not shared"

    standin.send_document(person, b"MZ\x90\x00", "invoice.exe", "application/x-msdownload")
    assert await standin.wait_text(person, text("evidence_type_refused", "zh"))
    downloads = len(standin.calls("download"))
    big_id, unique = standin.state.add_file(b"%PDF-1.7 small body, large announced size", ".pdf")
    document = {"file_id": big_id, "file_unique_id": unique, "file_name": "receipts.pdf",
                "mime_type": "application/pdf", "file_size": 30 * 1024 * 1024}  # fmt: skip
    standin.send_media(person, document=document)
    assert await standin.wait_text(person, "10.0 MB")
    assert len(standin.calls("download")) == downloads, "an oversized file is refused before download"


async def test_delete_my_data_asks_first_then_erases_the_case(running_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    sender_id = f"telegram-{person}"
    await turn(standin, person, "/human")

    standin.say(person, "/delete_my_data")
    question = await standin.wait_for(
        lambda: [m for m in standin.messages_with_buttons(person) if m["text"] == text("delete_confirm", "zh")],
        60, "the confirmation question",
    )  # fmt: skip
    standin.press(person, question[-1], "del|no")
    assert await standin.wait_text(person, text("delete_kept", "zh"))
    with session_scope() as session:
        assert find_open_case(session, sender_id) is not None

    standin.say(person, "/delete_my_data")
    await standin.wait_for(lambda: len(standin.messages_with_buttons(person)) > 0 and
                           standin.messages_with_buttons(person)[-1]["message_id"] > question[-1]["message_id"],
                           60, "a second confirmation question")  # fmt: skip
    standin.press(person, standin.messages_with_buttons(person)[-1], "del|yes")
    assert await standin.wait_text(person, "已删除")
    with session_scope() as session:
        assert find_open_case(session, sender_id) is None


async def test_huge_text_and_edited_messages_are_answered(running_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    replies = await turn(standin, person, "你好，" + "我想说的话很多。" * 1200)
    assert replies[0] == text("message_too_long", "zh") and len(replies) > 1
    sent = standin.say(person, "I bought a fake bag")
    standin.edit(sent, "I bought a fake bag on a livestream")
    assert await standin.wait_text(person, text("edited_noted", "en"))
    assert all(len(t) <= 4096 for t in standin.texts_to(person))


async def test_a_429_on_a_dialogue_reply_still_delivers_every_reply_once(
    running_bot: RunningBot, standin: Standin
) -> None:
    person = new_user_id()
    standin.state.fail_next("sendMessage", 429, times=1, retry_after=1)
    welcome = await turn(standin, person, "/start")
    assert len(welcome) == len(set(welcome)) >= 2
    assert [c.status for c in standin.attempts("sendMessage")][:2] == [429, 200]
    assert json.dumps(welcome, ensure_ascii=False).count("/delete_my_data") == 1
