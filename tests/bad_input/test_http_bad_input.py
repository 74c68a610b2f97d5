"""Hostile and broken input on the HTTP channel: every request gets a polite answer a person can read, the
channel keeps serving, and the stores hold exactly what was said (nothing lost, nothing run).

Forged Telegram callbacks and oversized Telegram files are covered in tests/telegram (test_channel.py,
test_conversations.py); here the same promises are held for the web channel.
"""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import inspect, text

from bot.http_channel import channel_text, settings
from bot.rasa_client import RasaClient
from bot.stack import Stack
from kb.render import ui_text
from store.db import get_engine
from tests.web import WebUser

BOTH_BAD_REQUEST = channel_text("bad_request", None)

# Typed texts that must reach the dialogue as words and get a normal answer.
HOSTILE_TEXTS = {
    "sql injection": "'; DROP TABLE cases; -- 我买到假货了",
    "html and script": '<script>alert("x")</script><img src=x onerror=alert(1)> 主播骗人',
    "template and format strings": "{user} {0} %s %(name)s ${HOME} {{7*7}}",
    "emoji only": "😭😭😭🙏",
    "right-to-left and zero-width marks": "\u202eabc\u200b\u200d 退款",
    "markdown and telegram markup": "*bold* _it_ `code` [link](http://x) <b>x</b>",
    "numbers only": "899",
    "mixed scripts": "我在抖音买的bag是fake，怎么办",
}


@pytest.mark.parametrize("typed", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
async def test_hostile_text_is_answered_and_recorded_as_words(typed: str, person: WebUser, rasa: RasaClient) -> None:
    answer = await person.say(typed)
    assert answer.status == 200 and answer.text.strip(), f"no answer to {typed!r}"
    said = [event["text"] for event in (await rasa.tracker(person.sender_id))["events"] if event["event"] == "user"]
    assert said and said[0] == typed.strip().replace("\u202e", "").replace("\u200b", "").replace("\u200d", "")


async def test_empty_and_whitespace_messages_are_answered(person: WebUser) -> None:
    for nothing in ("", "   ", "\n\t\u3000", "\x00\x01\x02"):
        answer = await person.say(nothing)
        assert (answer.status, answer.text) == (200, ui_text("empty_message", "zh")), repr(nothing)
    missing = await person.post({"user": person.user})
    assert (missing.status, missing.text) == (200, ui_text("empty_message", "zh"))


async def test_a_hundred_thousand_characters_are_read_in_part_and_the_person_is_told(person: WebUser) -> None:
    answer = await person.say("我在直播间买了一个包，是假货。" * 7000)
    assert answer.status == 200
    assert answer.replies[0]["text"] == ui_text("message_too_long", "zh") and len(answer.replies) > 1


async def test_control_characters_and_binary_garbage_are_dropped_and_the_rest_answered(
    person: WebUser, rasa: RasaClient
) -> None:
    answer = await person.say("\x1b[31m\x00我\x07买到\ufeff假货\x7f了\x08")
    assert answer.status == 200 and answer.text.strip()
    said = [event["text"] for event in (await rasa.tracker(person.sender_id))["events"] if event["event"] == "user"]
    assert said[0] == "[31m我买到假货了"


async def test_invalid_utf8_and_lone_surrogates_still_get_an_answer(person: WebUser) -> None:
    raw = b'{"user": "' + person.user.encode() + b'", "text": "\xff\xfe\xc3 \xe4\xb8 \\ud800 I bought a fake bag"}'
    answer = await person.post(raw)
    assert answer.status == 200 and answer.text.strip()


REQUESTS_THAT_CANNOT_BE_READ = {
    "not json": b"user=1&text=hello",
    "truncated json": b'{"user": "a", "text": "hel',
    "json array": b'["user", "text"]',
    "json string": b'"hello"',
    "no user": b'{"text": "hello"}',
    "empty user": b'{"user": "", "text": "hello"}',
    "user is an object": b'{"user": {"id": 1}, "text": "hello"}',
    "text is a list": b'{"user": "a", "text": ["hello"]}',
    "user id far too long": json.dumps({"user": "u" * 5000, "text": "hi"}).encode(),
    "deeply nested": b'{"user": "a", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "empty body": b"",
}


@pytest.mark.parametrize("body", REQUESTS_THAT_CANNOT_BE_READ.values(), ids=REQUESTS_THAT_CANNOT_BE_READ.keys())
async def test_a_request_that_cannot_be_read_gets_a_polite_answer_in_both_languages(
    body: bytes, person: WebUser
) -> None:
    answer = await person.post(body)
    assert (answer.status, answer.text) == (400, BOTH_BAD_REQUEST)


async def test_an_oversized_body_is_refused_politely_and_the_channel_keeps_serving(person: WebUser) -> None:
    too_big = int(settings()["limits"]["max_body_bytes"]) + 1
    answer = await person.post(json.dumps({"user": person.user, "text": "x" * too_big}).encode())
    assert (answer.status, answer.text) == (413, channel_text("body_too_large", None))
    assert (await person.say("你好")).status == 200


async def test_a_body_beyond_the_hard_limit_is_cut_off_before_it_is_read(person: WebUser, web_channel: Stack) -> None:
    hard = int(settings()["limits"]["hard_body_bytes"])
    outcome: int | str
    async with httpx.AsyncClient(timeout=60) as client:
        try:
            response = await client.post(f"{web_channel.config.http_url}/api/chat", content=b"x" * (hard + 1))
            outcome = response.status_code
        except httpx.TransportError:  # the server may close the connection while the upload is still going
            outcome = "disconnected"
    assert outcome in (400, "disconnected")
    assert (await person.say("你好")).status == 200


async def test_other_paths_and_methods_answer_in_json(web_channel: Stack) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for method, path in (("GET", "/api/chat"), ("POST", "/admin"), ("GET", "/../../etc/passwd")):
            response = await client.request(method, web_channel.config.http_url + path)
            assert response.status_code in (404, 405)
            assert response.json()["replies"][0]["text"] == channel_text("not_found", None)


def test_the_case_store_is_intact_after_the_hostile_input(web_channel: Stack) -> None:
    engine = get_engine(web_channel.config.database_url)
    assert {"cases", "messages", "outbox"} <= set(inspect(engine).get_table_names())
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
