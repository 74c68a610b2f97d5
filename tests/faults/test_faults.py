"""Faults on the production profile, as a person on the web chat lives through them: Rasa crashing mid-conversation,
the action server down, PostgreSQL restarted, Redis gone. Each time the person hears something clear at once,
the message is answered exactly once when the service is back, and a conversation a human holds stays held.

Telegram's Bot API failing (429 and 500) is covered in tests/telegram/test_channel.py and test_conversations.py.
"""

from __future__ import annotations

import re
import uuid

import httpx

from bot.http_channel import channel_text
from bot.rasa_client import RasaClient
from bot.stack import Stack
from rasa_plugins.message_ids import MESSAGE_ID, RETRY
from store.cases import find_open_case
from store.db import session_scope
from tests.faults.conftest import KEPT, hear, kill, restart, wait_for_inbox
from tests.faults.servers import ThrowawayPostgres, ThrowawayRedis
from tests.web import Answer, WebUser

REF = re.compile(r"HL-\d{6}")
# A dispute and a fact that changes its answer: the second answer shows the conversation's state survived.
DISPUTE, PLATFORM = "我在直播间买到假货了，花了300元", "抖音"


def opened_case(answer: Answer) -> bool:
    """A handoff answer names the new case."""
    return REF.search(answer.text) is not None


def rasa_of(stack: Stack) -> RasaClient:
    """A client with the stack's API token (the production profile requires one)."""
    return RasaClient(stack.config.rasa_url, token=stack.config.rasa_token)


async def user_texts(stack: Stack, person: WebUser) -> list[str]:
    """What Rasa recorded the person saying, in order."""
    tracker = await rasa_of(stack).tracker(person.sender_id)
    return [str(event["text"]) for event in tracker["events"] if event["event"] == "user"]


async def undisturbed(stack: Stack, lines: list[str]) -> list[str]:
    """What a person saying `lines` hears when nothing fails: what the person living through the fault must hear,
    exactly once (so these tests follow the dialogue's wording wherever it goes)."""
    control = WebUser(stack.config.http_url)
    return [(await hear(control, line)).text for line in lines]


async def test_rasa_killed_mid_conversation_keeps_the_message_and_answers_it_once_after_the_restart(
    prod: Stack, person: WebUser, web_worker: str
) -> None:
    expected = await undisturbed(prod, [DISPUTE, PLATFORM])
    assert (await hear(person, DISPUTE)).text == expected[0]
    held = WebUser(prod.config.http_url)
    ref = REF.search((await hear(held, "转人工", opened_case)).text)
    assert ref, "the second person's case was opened"
    kill(prod, "rasa")
    assert (await person.say(PLATFORM)).text == KEPT
    assert ref.group(0) in (await held.say("还有人在吗")).text, "the relay answers a held conversation without Rasa"
    restart(prod, "rasa")
    await wait_for_inbox(person, lambda seen: seen.text == expected[1])
    assert (await person.inbox()).replies == [], "answered once, not again"
    assert (await user_texts(prod, person)).count(PLATFORM) == 1
    with session_scope(prod.config.database_url) as session:
        case = find_open_case(session, held.sender_id)
        assert case is not None and case.ref == ref.group(0), "the case survived the crash, still open"
    assert ref.group(0) in (await held.say("我还在等，要等多久？")).text


async def test_with_the_action_server_down_a_crisis_still_gets_the_hotlines_and_others_hear_something(
    prod: Stack, person: WebUser
) -> None:
    kill(prod, "actions")
    try:
        crisis = await WebUser(prod.config.http_url).say("我真的撑不下去了，不想活了")
        assert crisis.status == 200 and "12356" in crisis.text and "110" in crisis.text
        ordinary = await person.say("我在直播间买到假货了")
        assert ordinary.status == 200 and ordinary.text.strip()
    finally:
        restart(prod, "actions")
    assert (await person.say("你好")).text.strip()


async def test_postgresql_restarted_under_the_conversation_loses_nothing(
    prod: Stack, person: WebUser, postgres: ThrowawayPostgres
) -> None:
    expected = await undisturbed(prod, [DISPUTE, PLATFORM])
    assert (await hear(person, DISPUTE)).text == expected[0]
    postgres.restart()
    assert (await hear(person, PLATFORM)).text == expected[1], "the conversation went on where it was"
    assert (await user_texts(prod, person)).count(PLATFORM) == 1
    opened = await hear(WebUser(prod.config.http_url), "转人工", opened_case)
    assert REF.search(opened.text), "the case store works again after the restart"


async def test_with_redis_gone_people_are_still_answered_and_kept_messages_wait_in_memory(
    prod: Stack, person: WebUser, redis_server: ThrowawayRedis
) -> None:
    typed_line = "我在直播间买到假货了"
    expected = await undisturbed(prod, ["你好", typed_line])
    first = await hear(person, "你好")
    assert first.text == expected[0]
    shown = [button["payload"] for reply in first.replies for button in reply["buttons"]]
    assert shown, "the greeting offers buttons"
    redis_server.kill()
    try:
        crisis = await WebUser(prod.config.http_url).say("我不想活了")
        assert crisis.status == 200 and "12356" in crisis.text
        pressed = await person.post({"user": person.user, "payload": shown[0]})
        assert (pressed.status, pressed.text) == (200, channel_text("unknown_button", "zh")), "unverifiable: refused"
        typed = await person.say(typed_line)
        assert typed.status == 200 and typed.text.strip()
    finally:
        redis_server.start()
    if typed.text == KEPT:
        await wait_for_inbox(person, lambda seen: seen.text == expected[1])
    else:
        assert typed.text == expected[1]
    assert (await user_texts(prod, person)).count(typed_line) == 1


async def test_a_retried_message_rasa_already_ran_is_answered_from_that_turn_not_run_again(prod: Stack) -> None:
    # What a retry after a timeout meets: the first attempt ran although its caller had given up.
    rasa, sender_id = rasa_of(prod), f"http-retry-{uuid.uuid4().hex[:8]}"
    await rasa.send(sender_id, "我在直播间买到假货了，花了300元", {MESSAGE_ID: "first-message"})
    first = await rasa.send(sender_id, "抖音", {MESSAGE_ID: "second-message"})
    assert first
    again = await rasa.send(sender_id, "抖音", {MESSAGE_ID: "second-message", RETRY: True})
    assert again == first, "the retry hears the replies of the turn that ran"
    tracker = await rasa.tracker(sender_id)
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"].count("抖音") == 1
    fresh = await rasa.send(sender_id, "抖音", {MESSAGE_ID: "never-seen", RETRY: True})
    assert fresh, "a retry Rasa never saw is run as a new turn"
    assert [e["text"] for e in (await rasa.tracker(sender_id))["events"] if e["event"] == "user"].count("抖音") == 2


async def test_rasa_http_api_refuses_requests_without_the_token(prod: Stack) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.get(f"{prod.config.rasa_url}/conversations/anyone/tracker")
    assert response.status_code == 401
    assert await rasa_of(prod).is_ready()
