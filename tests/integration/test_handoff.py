"""Whole handoff cycles through the running stack (Rasa + action server + case store + relay):
case opened with the right priority, the bot still helping while the case waits (paused only for a crisis),
messages relayed both ways, case closed, bot resumed, rating stored.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator

import pytest

from bot.cli import cases
from bot.rasa_client import RasaClient
from bot.relay import outbox_fetcher
from store import outbox
from store.cases import get_case, transcript
from store.db import session_scope
from store.models import Case
from store.workers import add_worker, set_on_duty
from tests.support import Chat

HOTLINES = ("12356", "010-82951332", "400-161-9995")
REF = re.compile(r"HL-\d{6}")


class Worker:
    """A registered, on-duty social worker with a Telegram chat, acting through `./hotline cases`."""

    def __init__(self, handle: str, chat_id: str) -> None:
        self.handle = handle
        self.chat_id = chat_id

    async def cases(self, *argv: str) -> int:
        """Run `./hotline cases ARGV --worker HANDLE` (in a thread: the CLI runs its own event loop)."""
        return await asyncio.to_thread(cases.main, [*argv, "--worker", self.handle])

    def inbox(self) -> list[str]:
        """Messages queued for this worker's Telegram chat (alerts and the person's messages)."""
        with session_scope() as session:
            rows = outbox.fetch_undelivered(session, "telegram", recipient=self.chat_id)
            outbox.mark_delivered(session, [row.id for row in rows])
            return [row.text for row in rows]


@pytest.fixture()
def worker(stack: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Worker]:
    """Worker 小李, on duty for this test; the CLI talks to the test stack's Rasa."""
    monkeypatch.setenv("RASA_URL", stack.config.rasa_url)  # type: ignore[attr-defined]
    suffix = uuid.uuid4().hex[:8]
    with session_scope() as session:
        add_worker(session, f"li-{suffix}", "小李", telegram_chat_id=f"chat-{suffix}").on_duty = True
    yield Worker(f"li-{suffix}", f"chat-{suffix}")
    with session_scope() as session:
        set_on_duty(session, f"li-{suffix}", False)


def case_of(seen: str) -> Case:
    match = REF.search(seen)
    assert match, f"no case reference in: {seen}"
    with session_scope() as session:
        return get_case(session, match.group(0))


async def user_inbox(chat: Chat) -> list[str]:
    """What the person receives outside a reply (worker messages, the rating request)."""
    return [reply.text for reply in await outbox_fetcher(chat.channel, chat.user_key)()]


async def is_paused(rasa: RasaClient, chat: Chat) -> bool:
    return bool((await rasa.tracker(chat.sender_id)).get("paused"))


async def worker_takes_the_case_and_talks_with_the_person(case: Case, chat: Chat, worker: Worker) -> None:
    """Claim, write to the person, get their answer relayed back."""
    assert any(case.ref in alert for alert in worker.inbox())
    assert await worker.cases("claim", case.ref) == 0
    assert await worker.cases("reply", case.ref, "你好，我是社工小李，我在这里陪你。") == 0
    assert await user_inbox(chat) == [
        f"社工小李已经接手你的案件 {case.ref}，接下来会在这里和你聊。",
        "社工小李：你好，我是社工小李，我在这里陪你。",
    ]
    assert (await chat.say("谢谢，我的电话是13812345678")).endswith("已转给社工小李。")
    digest, relayed = worker.inbox()
    assert digest.startswith(f"你已接手 {case.ref}。用户至今发来")  # everything said before the claim
    assert relayed == f"[{case.ref}] 用户：谢谢，我的电话是<phone …5678>"


async def worker_closes_and_the_person_rates(case: Case, chat: Chat, worker: Worker, rasa: RasaClient) -> None:
    """Close with an outcome: the bot resumes, asks for a rating, and stores the person's answer."""
    assert await worker.cases("close", case.ref, "--outcome", "followed up; referred to 12356") == 0
    assert not await is_paused(rasa, chat)
    rating_request = await outbox_fetcher(chat.channel, chat.user_key)()
    assert len(rating_request) == 1 and "1分" in rating_request[0].text
    five = next(button for button in rating_request[0].buttons if button.title == "5")
    assert "谢谢你的评分（5/5）" in await chat.say(five.payload)
    with session_scope() as session:
        closed = get_case(session, case.ref)
        assert (closed.status, closed.rating, closed.outcome) == ("closed", 5, "followed up; referred to 12356")
        assert all("13812345678" not in line.text for line in transcript(session, closed))


async def test_suicidal_message_gets_hotlines_and_an_urgent_human_through_to_a_rating(
    chat: Chat, rasa: RasaClient, worker: Worker
) -> None:
    seen = await chat.say("我真的撑不下去了，不想活了")
    assert all(number in seen for number in HOTLINES) and "120" in seen and "110" in seen
    case = case_of(seen)
    assert case.priority == "urgent" and case.status == "waiting" and case.reason == "suicide_risk"
    assert await is_paused(rasa, chat)
    waiting = await chat.say("你们会有人来吗")
    assert case.ref in waiting and "还没有社工接手" in waiting
    await worker_takes_the_case_and_talks_with_the_person(case, chat, worker)
    await worker_closes_and_the_person_rates(case, chat, worker, rasa)


async def test_asking_for_a_person_in_chinese_hands_over_and_comes_back_for_a_rating(
    chat: Chat, rasa: RasaClient, worker: Worker
) -> None:
    await chat.say("你好")
    seen = await chat.say("转人工")
    case = case_of(seen)
    assert "接下来" in seen and "2小时" in seen
    assert (case.priority, case.reason) == ("normal", "user_request")
    assert not await is_paused(rasa, chat)  # the bot keeps helping while the case waits
    status = await chat.say("还要等多久？")
    assert case.ref in status and "还没有社工接手" in status and "不是保证" in status
    help_meanwhile = await chat.say("直播间买的衣服七天无理由退货被拒了")
    assert help_meanwhile and "还没有社工接手" not in help_meanwhile  # an answer from the bot, not a holding line
    with session_scope() as session:
        said = [line.text for line in transcript(session, get_case(session, case.ref))]
    assert "还要等多久？" in said and "直播间买的衣服七天无理由退货被拒了" in said  # the worker will see both
    await worker_takes_the_case_and_talks_with_the_person(case, chat, worker)
    await worker_closes_and_the_person_rates(case, chat, worker, rasa)


async def test_talk_to_a_person_in_english_is_answered_in_english(chat: Chat, rasa: RasaClient, worker: Worker) -> None:
    seen = await chat.say("I want to talk to a person please")
    case = case_of(seen)
    assert "What happens next" in seen and case.language == "en" and case.priority == "normal"
    assert not await is_paused(rasa, chat)
    status = await chat.say("how long will it take? are you there?")
    assert case.ref in status and "nobody has picked up your case" in status


async def test_complex_case_flagged_by_a_flow_gets_high_priority_and_the_full_cycle(
    chat: Chat, rasa: RasaClient, worker: Worker
) -> None:
    seen = await chat.say("我在直播间加了主播微信，私下转账了3000元，现在人联系不上了")
    if not REF.search(seen):
        # The flow offered the "/request_human" button instead of handing over at once: do what the flow does
        # for an escalation criterion (brief §6), set handoff_reason, and tap the button.
        event = {"event": "slot", "name": "handoff_reason", "value": "offplatform_fraud"}
        await rasa.append_events(chat.sender_id, [event])
        seen = await chat.say("/request_human")
    case = case_of(seen)
    assert case.priority == "high" and "30分钟" in seen
    with session_scope() as session:
        assert "3000元（本人已付）" in case.summary and "私下转账" in transcript(session, case)[0].text
    assert not await is_paused(rasa, chat)
    await worker_takes_the_case_and_talks_with_the_person(case, chat, worker)
    await worker_closes_and_the_person_rates(case, chat, worker, rasa)


async def test_a_stranger_cannot_claim_or_close_a_case(chat: Chat, worker: Worker) -> None:
    case = case_of(await chat.say("转人工"))
    stranger = Worker("stranger", "none")
    assert await stranger.cases("claim", case.ref) == 1
    assert await worker.cases("claim", case.ref) == 0
    assert await stranger.cases("close", case.ref, "--outcome", "x") == 1
    with session_scope() as session:
        assert get_case(session, case.ref).status == "claimed"


async def test_delete_my_data_while_waiting_erases_the_case_and_the_bot_answers_again(
    chat: Chat, rasa: RasaClient, worker: Worker
) -> None:
    case = case_of(await chat.say("转人工"))
    seen = await chat.say("/delete_my_data")
    assert "已删除" in seen and "1个案件" in seen
    assert not await is_paused(rasa, chat)
    with session_scope() as session:
        record = get_case(session, case.ref)
        assert record.status == "erased" and record.messages == [] and record.sender_id == ""
    assert any(f"案件 {case.ref} 已应来访者要求删除" in line for line in worker.inbox())  # on duty: told at once
    assert "热线" in await chat.say("你好")  # the bot, not silence


async def test_suicidal_message_in_english_gets_english_hotlines(chat: Chat, rasa: RasaClient, worker: Worker) -> None:
    seen = await chat.say("I don't want to live anymore, I'm going to kill myself")
    assert "Thank you for telling me" in seen and all(number in seen for number in HOTLINES)
    assert case_of(seen).priority == "urgent" and await is_paused(rasa, chat)
