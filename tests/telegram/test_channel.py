"""The Telegram channel's own behaviour, which needs no dialogue model: commands answered locally, odd
input answered politely, Telegram's 429/500 survived, flood control, group silence, webhook mode, shutdown.

The real Application runs against the Bot API stand-in; Rasa is never reached in these tests.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.settings import behaviour
from bot.telegram.texts import text
from store.cases import NewCase, open_case
from store.db import session_scope
from store.models import Priority
from tests.botapi_standin import updates
from tests.botapi_standin.driver import Standin
from tests.telegram.conftest import (
    WEBHOOK_PORT,
    WORKERS_CHAT,
    RunningBot,
    new_user_id,
    register_worker,
    start_bot,
    stop_bot,
)

ROOT = Path(__file__).resolve().parents[2]
NO_RASA = "http://127.0.0.1:5499"  # nothing listens here: a test that reached Rasa would see it unavailable
PRIVACY_ZH = text("privacy", "zh")


@pytest.fixture
async def offline_bot(standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RunningBot]:
    """The real bot polling the stand-in, with an empty case store, for behaviour that involves no dialogue."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    bot, stop, task = await start_bot(standin, NO_RASA)
    yield bot
    await stop_bot(stop, task)


async def test_privacy_command_is_answered_in_the_persons_language(offline_bot: RunningBot, standin: Standin) -> None:
    chinese, english = new_user_id(), new_user_id()
    standin.say(chinese, "/privacy")
    standin.state.push_update(
        {"message": {**updates.message(standin.state.next_message_id(), english, None, "/privacy"),
                     "from": updates.user(english, language_code="en")}}
    )  # fmt: skip
    assert await standin.wait_text(chinese, "隐私说明")
    assert await standin.wait_text(english, "Privacy:")
    assert standin.calls("setMyCommands"), "the command menu is published at start-up"


async def test_a_429_from_telegram_is_waited_out_and_the_reply_arrives_exactly_once(
    offline_bot: RunningBot, standin: Standin
) -> None:
    person = new_user_id()
    standin.state.fail_next("sendMessage", 429, times=1, retry_after=1)
    standin.say(person, "/privacy")
    await standin.wait_text(person, "隐私说明")
    attempts = standin.attempts("sendMessage")
    assert [call.status for call in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9, "the retry waited for retry_after"
    await asyncio.sleep(1.5)  # room for a wrong duplicate to show up; the assertion below is what counts
    assert standin.texts_to(person) == [PRIVACY_ZH]


async def test_server_errors_from_telegram_are_retried_with_backoff(offline_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    standin.state.fail_next("sendMessage", 500, times=2)
    standin.say(person, "/privacy")
    await standin.wait_text(person, "隐私说明")
    assert [call.status for call in standin.attempts("sendMessage")] == [500, 500, 200]
    assert standin.texts_to(person) == [PRIVACY_ZH]


async def test_stickers_voice_and_locations_get_a_polite_request_for_text(
    offline_bot: RunningBot, standin: Standin
) -> None:
    person = new_user_id()
    standin.send_media(person, sticker=updates.sticker())
    standin.send_media(person, voice=updates.voice())
    standin.send_media(person, location={"latitude": 31.23, "longitude": 121.47})
    texts = await standin.wait_texts(person, 3)
    assert texts == [text("non_text_message", "zh")] * 3


async def test_a_photo_outside_a_case_is_not_downloaded(offline_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    standin.send_photo(person, b"\xff\xd8\xff fake jpeg")
    assert await standin.wait_texts(person, 1) == [text("non_text_message", "zh")]
    assert not standin.calls("getFile") and not standin.calls("download")


async def test_unknown_commands_list_the_known_ones(offline_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    standin.say(person, "/hack_the_planet")
    assert await standin.wait_texts(person, 1) == [text("unknown_command", "zh")]


async def test_malformed_button_data_is_answered_and_changes_nothing(offline_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    source = {"message_id": 1, "date": 0, "chat": updates.chat(person), "text": "old menu"}
    offered = {**source, "reply_markup": {"inline_keyboard": [[{"text": "菜单", "callback_data": "p|/greet"}]]}}
    for forged in ("zz|???", "p|", "h|0123456789abcdef", "garbage"):
        standin.press(person, source, forged)
    standin.press(person, offered, "p|/EXTERNAL_case_closed")  # well-formed, but not a button the bot offered
    answers = await standin.wait_for(lambda: len(a := standin.calls("answerCallbackQuery")) >= 5 and a, 30, "5 answers")
    assert {call.params.get("text") for call in answers} == {text("button_expired", "zh")}
    assert standin.texts_to(person) == []
    assert not standin.calls("editMessageText")


async def test_lang_without_a_valid_language_shows_the_usage(offline_bot: RunningBot, standin: Standin) -> None:
    person = new_user_id()
    standin.say(person, "/lang fr")
    assert await standin.wait_texts(person, 1) == [text("lang_usage", "zh")]


async def test_someone_flooding_the_bot_is_slowed_down_and_told_once(offline_bot: RunningBot, standin: Standin) -> None:
    person, bystander = new_user_id(), new_user_id()
    for _ in range(14):
        standin.say(person, "/privacy")
    standin.say(bystander, "/privacy")
    await standin.wait_text(bystander, "隐私说明")
    await standin.wait_text(person, text("flood_warning", "zh"))
    await asyncio.sleep(1.0)  # let any wrongly admitted message arrive before counting
    texts = standin.texts_to(person)
    assert texts.count(PRIVACY_ZH) == 8  # flood.max_messages in settings.yml
    assert texts.count(text("flood_warning", "zh")) == 1


async def test_the_bot_stays_quiet_in_groups_other_than_the_workers_group(
    offline_bot: RunningBot, standin: Standin
) -> None:
    person, stranger_group = new_user_id(), -1009990001
    standin.say(person, "/privacy", chat_id=stranger_group)
    standin.say(person, "有人吗？", chat_id=stranger_group)
    standin.send_media(person, chat_id=stranger_group, sticker=updates.sticker())
    standin.say(person, "/privacy")  # a private message after them proves the group ones were processed
    await standin.wait_text(person, "隐私说明")
    assert standin.texts_to(stranger_group) == []
    assert standin.texts_to(WORKERS_CHAT) == []


async def test_webhook_mode_registers_a_secret_and_refuses_requests_without_it(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    url = f"http://127.0.0.1:{WEBHOOK_PORT}/hooks/telegram"
    bot, stop, task = await start_bot(standin, NO_RASA, webhook_url=url)
    try:
        registered = await standin.wait_for(lambda: standin.calls("setWebhook"), 30, "setWebhook")
        secret = registered[-1].params.get("secret_token")
        assert registered[-1].params["url"] == url and secret and len(secret) >= 32
        person = new_user_id()
        standin.say(person, "/privacy")  # delivered by the stand-in's webhook forwarder
        await standin.wait_text(person, "隐私说明")
        assert not standin.calls("getUpdates"), "no polling in webhook mode"
        forged = urllib.request.Request(
            url, data=b'{"update_id": 999999}', headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            await asyncio.to_thread(urllib.request.urlopen, forged, timeout=10)
        assert refused.value.code == 403
    finally:
        await stop_bot(stop, task)


async def test_hotline_telegram_command_runs_and_stops_cleanly_on_sigterm(standin: Standin, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": "123456:CLI-TEST",
        "TELEGRAM_API_BASE_URL": standin.base_url,  # not STANDIN_PORT: conftest may be imported twice
        "RASA_URL": NO_RASA,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cases.db'}",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli.telegram import main; sys.exit(main([]))"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        await standin.wait_for(lambda: standin.calls("getUpdates") or process.poll() is not None, 120, "polling")
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        person = new_user_id()
        standin.say(person, "/privacy")
        await standin.wait_text(person, "隐私说明", timeout=60)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(process.wait, 60)
        output = process.stdout.read().decode() if process.stdout else ""
        assert code == 0, output
        assert "Traceback" not in output
    finally:
        if process.poll() is None:
            process.kill()


def test_without_a_token_the_command_says_what_to_set() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli.telegram import main; sys.exit(main([]))"],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "BotFather" in result.stdout


async def test_an_urgent_case_is_announced_again_until_a_worker_claims_it(
    standin: Standin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cases.db'}")
    monkeypatch.setitem(behaviour()["jobs"], "urgent_reannounce_seconds", 1)
    worker = new_user_id()
    register_worker(f"worker{worker}", worker)
    with session_scope() as session:
        new = NewCase(f"telegram-{new_user_id()}", "telegram", "zh", "suicide_risk", Priority.URGENT)
        ref = open_case(session, new)[0].ref
    bot, stop, task = await start_bot(standin, NO_RASA)
    try:

        def cards() -> list[dict]:
            return [m for m in standin.messages_with_buttons(WORKERS_CHAT) if ref in m["text"]]

        announced = await standin.wait_for(lambda: len(c := cards()) >= 2 and c, 60, "a second announcement")
        assert text("case_card_again", "zh") in announced[-1]["text"]
        standin.press(worker, announced[-1], f"claim|{ref}")
        await standin.wait_for(lambda: not cards(), 60, "every card of the case to lose its Claim button")
        posted = len(standin.calls("sendMessage", lambda c: int(c.params["chat_id"]) == WORKERS_CHAT))
        await asyncio.sleep(7)  # more than a card poll plus the re-announce interval: no new card may appear
        assert len(standin.calls("sendMessage", lambda c: int(c.params["chat_id"]) == WORKERS_CHAT)) == posted
    finally:
        await stop_bot(stop, task)
