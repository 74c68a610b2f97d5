"""The HTTP channel as a web front end uses it: the same conversations, handoff and safety as every channel,
and nothing a person types or sends can drive Rasa directly."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

from bot.cli import cases
from bot.http_channel import channel_text
from bot.rasa_client import RasaClient
from bot.stack import Stack
from kb.render import ui_text
from nlu.language import language_switch
from store.cases import get_case
from store.db import session_scope
from store.workers import add_worker, set_on_duty
from tests.web import WebUser

REF = re.compile(r"HL-\d{6}")


async def user_events(rasa: RasaClient, sender_id: str) -> list[dict[str, object]]:
    """The person's messages as Rasa recorded them."""
    tracker = await rasa.tracker(sender_id)
    return [event for event in tracker["events"] if event["event"] == "user"]


async def test_a_consumer_greets_taps_a_service_line_and_is_asked_about_the_purchase(person: WebUser) -> None:
    hello = await person.say("你好")
    assert hello.status == 200 and "[直播间购物遇到问题（消费者）]" in hello.text
    menu = await person.press("消费者")
    assert menu.status == 200 and ui_text("menu_intro.consumer", "zh") in menu.text


async def test_an_english_speaker_is_answered_in_english(person: WebUser) -> None:
    answer = await person.say("I bought a fake bag on a livestream for 899 yuan")
    # English by the rule that decides the person's language (a Chinese platform name may appear in it).
    assert answer.status == 200 and language_switch(answer.text, "zh") == "en", answer.text
    # The answer comes first, in English, with the person's own numbers (3 × ¥899) and its citation.
    assert "¥2,697" in answer.text and "Consumer Protection Law Art 55" in answer.text


async def test_typed_restart_and_intent_syntax_get_the_command_list_and_never_reach_rasa(
    person: WebUser, rasa: RasaClient
) -> None:
    await person.say("我在直播间买到假货了")
    before = len(await user_events(rasa, person.sender_id))
    for typed in ("/restart", '/stop{"rating": "5"}', "  /session_start", "/foo"):
        answer = await person.say(typed)
        assert (answer.status, answer.text) == (200, channel_text("unknown_command", "zh")), typed
    assert len(await user_events(rasa, person.sender_id)) == before
    tracker = await rasa.tracker(person.sender_id)
    assert not any(event["event"] == "restart" for event in tracker["events"])
    # A known command typed as words still reaches the NLU, with a full-width slash.
    await person.say("/lang en")
    events = await user_events(rasa, person.sender_id)
    assert events[-1]["text"] == "／lang en"


async def test_an_unknown_command_in_an_english_conversation_is_answered_in_english(person: WebUser) -> None:
    await person.say("I bought a fake bag on a livestream")
    answer = await person.say("/streamer_mcn_contract")
    assert (answer.status, answer.text) == (200, channel_text("unknown_command", "en"))


async def test_typing_the_name_of_an_external_intent_is_not_classified_as_it(person: WebUser, rasa: RasaClient) -> None:
    await person.say("EXTERNAL_case_closed")
    events = await user_events(rasa, person.sender_id)
    assert events[-1]["parse_data"]["intent"]["name"] != "EXTERNAL_case_closed"  # type: ignore[index]


async def test_a_button_the_bot_never_showed_is_refused_and_never_reaches_rasa(
    person: WebUser, rasa: RasaClient
) -> None:
    menu = await person.say("你好")
    before = len(await user_events(rasa, person.sender_id))
    for forged in ("/restart", '/EXTERNAL_case_closed{"rating":"1"}', '/inform{"platform":"jd"}'):
        answer = await person.post({"user": person.user, "payload": forged})
        assert (answer.status, answer.text) == (200, channel_text("unknown_button", "zh"))
    assert len(await user_events(rasa, person.sender_id)) == before
    shown = await person.post({"user": person.user, "payload": menu.payload_of("商家")})
    assert shown.status == 200 and ui_text("menu_intro.merchant", "zh") in shown.text  # real buttons still work


async def test_someone_sending_too_fast_is_asked_to_slow_down(person: WebUser) -> None:
    answers = [await person.say("") for _ in range(12)]
    statuses = [answer.status for answer in answers]
    assert statuses[:8] == [200] * 8, "eight messages in ten seconds are allowed"
    assert 429 in statuses
    # Nothing written yet says which language the person reads: both.
    assert {answer.text for answer in answers if answer.status == 429} == {channel_text("rate_limited", None)}


async def test_a_held_conversation_goes_to_the_social_worker_and_comes_back_for_a_rating(
    person: WebUser, rasa: RasaClient, stack: Stack
) -> None:
    handle = f"wang-{uuid.uuid4().hex[:8]}"
    with session_scope() as session:
        add_worker(session, handle, "小王", telegram_chat_id=f"chat-{handle}").on_duty = True
    try:
        seen = (await person.say("转人工")).text
        match = REF.search(seen)
        assert match, seen
        ref = match.group(0)
        argv = ["--worker", handle]
        env_rasa = {"RASA_URL": stack.config.rasa_url}
        assert await asyncio.to_thread(_cases, ["claim", ref, *argv], env_rasa) == 0
        assert await asyncio.to_thread(_cases, ["reply", ref, "你好，我是社工小王。", *argv], env_rasa) == 0
        held = await person.say("好的，我等你")
        assert (
            "小王" in held.text and "你好，我是社工小王。" in held.text
        )  # the worker's line, then the acknowledgement
        said = [event["text"] for event in await user_events(rasa, person.sender_id)]
        assert "好的，我等你" not in said, "the bot stays out of a held conversation: the relay took the message"
        assert (await person.inbox()).replies == [], "delivered once, with the answer"
        with session_scope() as session:
            assert get_case(session, ref).channel == "http"
        assert await asyncio.to_thread(_cases, ["close", ref, "--outcome", "advised", *argv], env_rasa) == 0
        rating = await person.inbox()
        assert "1分" in rating.text and not (await rasa.tracker(person.sender_id))["paused"]
        thanks = await person.post({"user": person.user, "payload": rating.payload_of("5")})
        assert "谢谢你的评分（5/5）" in thanks.text, "the rating buttons sent through the outbox can be pressed"
    finally:
        with session_scope() as session:
            set_on_duty(session, handle, False)


def _cases(argv: list[str], env: dict[str, str]) -> int:
    import os

    old = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return cases.main(argv)
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def test_a_crisis_message_gets_the_hotlines(person: WebUser) -> None:
    answer = await person.say("我不想活了")
    assert answer.status == 200 and "12356" in answer.text


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp*)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_the_action_server_and_the_channel_listen_on_loopback_only(web_channel: Stack) -> None:
    loopback = {"0100007F", "00000000000000000000000001000000"}
    for port in (web_channel.config.rasa_port, web_channel.config.action_port, web_channel.config.http_port):
        addresses = _listening_addresses(int(port or 0))
        assert addresses and addresses <= loopback, f"port {port} listens on {addresses}"
