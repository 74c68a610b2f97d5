"""A message sent while Rasa is down is kept (in Redis) and answered once Rasa is back: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from bot.pending_redis import RedisPending
from bot.stack import Stack
from bot.telegram.texts import text
from tests.botapi_standin.driver import Standin
from tests.telegram.conftest import START_TIMEOUT, new_user_id, start_bot, stop_bot

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_message_sent_while_rasa_is_down_is_answered_once_rasa_returns(
    rasa_stack: Stack, standin: Standin
) -> None:
    pending = RedisPending.from_url(REDIS_URL, channels=("telegram",), prefix=f"test:tgoutage:{uuid.uuid4().hex}")
    bot, stop, task = await start_bot(standin, rasa_stack.config.rasa_url, pending=pending)
    person = new_user_id()
    try:
        await asyncio.to_thread(rasa_stack.stop_process, "rasa")
        standin.say(person, "你好")
        assert await standin.wait_text(person, text("service_unavailable", "zh"))
        assert await pending.count() == 1, "the message is kept, not lost"

        await asyncio.to_thread(rasa_stack.start_process, "rasa")
        await asyncio.to_thread(rasa_stack.wait_ready, START_TIMEOUT)
        unavailable = standin.texts_to(person).index(text("service_unavailable", "zh"))
        answer = await standin.wait_for(lambda: standin.texts_to(person)[unavailable + 1 :], 300, "the late answer")
        greeting = answer[0]

        # Let the kept-message job run a few more times: a second answer would show up now.
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        assert [t for t in standin.texts_to(person) if t == greeting] == [greeting]
        assert await pending.count() == 0
        tracker = await bot.rasa.tracker(f"telegram-{person}")
        said = [e for e in tracker["events"] if e.get("event") == "user" and e.get("text") == "你好"]
        assert len(said) == 1, "Rasa saw the kept message exactly once"
    finally:
        await stop_bot(stop, task)
        await pending.close()
        if "rasa" not in rasa_stack.running():  # leave the stack as the other tests expect it
            rasa_stack.start_process("rasa")
            rasa_stack.wait_ready(START_TIMEOUT)
