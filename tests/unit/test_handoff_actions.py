"""action_handoff, action_crisis and action_store_rating on recorded-looking trackers, over a real store."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionAskRating, ActionHandoff, ActionStoreRating
from actions.safety import ActionCrisis
from store.cases import claim_case, close_case, find_open_case, get_case, transcript
from store.db import session_scope
from store.models import Priority
from store.workers import add_worker
from tests.store_support import sqlite_url  # noqa: F401

HOTLINES = ("12356", "010-82951332", "400-161-9995")
SENDER = "telegram-2024"


def user(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": entities or []}}


def bot(text: str) -> dict[str, Any]:
    return {"event": "bot", "text": text}


def tracker(events: list[dict[str, Any]], **slots: Any) -> Tracker:
    """A conversation ending in its last user event, with `slots` filled."""
    latest = next(event for event in reversed(events) if event["event"] == "user")
    message = {"text": latest["text"], **latest["parse_data"]}
    return Tracker(SENDER, {"language": "zh", **slots}, message, events, False, None, {}, "action_listen")


COUNTERFEIT_THEN_HUMAN = [
    user("抖音直播间买的包是假的，花了899，我电话13812345678", "consumer_counterfeit"),
    bot("可以要求退一赔三（消保法第55条）。"),
    user("转人工", "request_human"),
]


@pytest.fixture()
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    """The actions' DATABASE_URL points at a fresh store."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return sqlite_url


async def run(action: Any, conversation: Tracker) -> tuple[list[str], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, conversation, {})
    return [message["text"] for message in dispatcher.messages], events


async def test_asking_for_a_human_with_nobody_on_duty_promises_no_time_and_keeps_the_bot_helping(store: str) -> None:
    conversation = tracker(COUNTERFEIT_THEN_HUMAN, platform="douyin", amount_paid=899.0, service_line="consumer")
    texts, events = await run(ActionHandoff(), conversation)
    (opened,) = texts
    assert "HL-000001" in opened and "现在没有社工在线" in opened and "没法承诺" in opened
    assert "小时" not in opened and "分钟" not in opened  # nobody on duty: no wait is quoted
    assert "继续问我问题" in opened
    assert events == [SlotSet("case_ref", "HL-000001")]  # not paused: the bot answers while the case waits
    with session_scope(store) as session:
        case = get_case(session, "HL-000001")
        assert (case.priority, case.reason, case.service_line, case.topic) == (
            "normal",
            "user_request",
            "consumer",
            "consumer_counterfeit",
        )
        assert case.facts == {"platform": "douyin", "amount_paid": 899.0}
        assert case.summary.startswith("消费者：「抖音直播间买的包是假的」；「花了899」：899元（本人已付）")
        lines = [m.text for m in transcript(session, case)]
    assert lines[0] == "抖音直播间买的包是假的，花了899，我电话<phone …5678>" and len(lines) == 3


async def test_flow_escalation_reason_sets_a_high_priority(store: str) -> None:
    with session_scope(store) as session:
        add_worker(session, "li").on_duty = True
    texts, _ = await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN, handoff_reason="above_small_claims"))
    assert len(texts) == 1 and "30分钟" in texts[0]  # a worker is on duty: no "nobody" notice
    with session_scope(store) as session:
        assert get_case(session, "HL-000001").priority == Priority.HIGH


async def test_asking_again_while_waiting_reuses_the_open_case(store: str) -> None:
    await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN))
    texts, events = await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN))
    assert texts == ["你的案件 HL-000001 已经在社工那里了，你发的消息都会转给社工。"]
    assert ConversationPaused() not in events


async def test_suicide_risk_gives_hotlines_first_then_an_urgent_case_and_pauses(store: str) -> None:
    conversation = tracker([user("I can't go on, I want to end my life", "safety_suicide_risk")], language="en")
    texts, events = await run(ActionCrisis(), conversation)
    assert texts[0].startswith("Thank you for telling me") and all(n in texts[0] for n in HOTLINES)
    assert "120" in texts[0] and "110" in texts[0]
    assert "HL-000001" in texts[1] and "no social worker is on duty" in texts[2]
    assert texts[-1].startswith("I want to ask you directly: are you safe right now?")
    assert ConversationPaused() in events and SlotSet("handoff_reason", "suicide_risk") in events
    with session_scope(store) as session:
        case = find_open_case(session, SENDER)
        assert case is not None and case.priority == "urgent" and case.language == "en"


async def test_danger_to_others_leads_with_110_and_120(store: str) -> None:
    texts, _ = await run(ActionCrisis(), tracker([user("我想拿刀去找他算账", "safety_danger_to_others")]))
    assert texts[0].startswith("谢谢你说出来。如果有人正处于危险之中，请立刻拨打110（报警）或120（急救）")


async def test_crisis_with_the_store_down_still_gives_hotlines_and_does_not_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:1/none?connect_timeout=1")
    texts, events = await run(ActionCrisis(), tracker([user("我不想活了", "safety_suicide_risk")]))
    assert all(n in texts[0] for n in HOTLINES) and "请现在就拨打上面的热线" in texts[-1]
    assert ConversationPaused() not in events


async def test_handoff_with_the_store_down_says_so_and_keeps_the_bot_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:1/none?connect_timeout=1")
    texts, events = await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN))
    assert "转人工这一步暂时没有成功" in texts[0] and events == []


async def test_rating_after_a_closed_case_is_stored_and_thanked(store: str) -> None:
    await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN))
    with session_scope(store) as session:
        worker = add_worker(session, "li")
        claim_case(session, worker, "HL-000001")
        close_case(session, worker, "HL-000001", "referred to 12315")
    rating = [user('/rate{"rating":"4"}', "rate", [{"entity": "rating", "value": "4"}])]
    texts, _ = await run(ActionStoreRating(), tracker(rating))
    assert texts == ["谢谢你的评分（4/5）！如果还需要帮助，随时可以再找我们。"]
    with session_scope(store) as session:
        assert get_case(session, "HL-000001").rating == 4


async def test_rating_without_a_closed_case_is_thanked_but_not_stored(store: str) -> None:
    texts, _ = await run(ActionStoreRating(), tracker([user("5", "rate")]))
    assert texts == ["谢谢你的反馈！"]


async def test_rating_request_after_closing_uses_the_case_language_not_the_external_event(store: str) -> None:
    await run(ActionHandoff(), tracker(COUNTERFEIT_THEN_HUMAN))
    # The external event's text ("EXTERNAL: EXTERNAL_case_closed") reads as English to the language detector.
    closed = tracker([user("EXTERNAL: EXTERNAL_case_closed", "EXTERNAL_case_closed")], language="en")
    dispatcher = CollectingDispatcher()
    events = await ActionAskRating().run(dispatcher, closed, {})
    (message,) = dispatcher.messages
    assert message["text"].startswith("社工已经结束了这次服务") and events == [
        SlotSet("language", "zh"),
        SlotSet("rating_requested", True),
    ]
    assert [b["payload"] for b in message["buttons"]] == [f'/rate{{"rating":"{n}"}}' for n in range(1, 6)]


async def test_handing_over_in_the_middle_of_a_form_ends_the_form(store: str) -> None:
    conversation = tracker(COUNTERFEIT_THEN_HUMAN)
    conversation.active_loop = {"name": "consumer_facts_form"}
    _, events = await run(ActionHandoff(), conversation)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("case_ref", "HL-000001")]


async def test_a_phone_number_is_not_taken_for_a_product_and_a_claimed_sum_is_not_a_payment(store: str) -> None:
    streamer = [
        user("公会每个月扣我一半工资，还说我违约要赔五万，我快崩溃了", "streamer_mcn_contract"),
        user("我手机13912345678", "inform", [{"entity": "product_category", "value": "electronics"}]),
        user("转人工", "request_human"),
    ]
    conversation = tracker(streamer, amount_paid=50000.0, product_category="electronics", service_line="streamer")
    await run(ActionHandoff(), conversation)
    with session_scope(store) as session:
        case = get_case(session, "HL-000001")
        assert case.facts == {}  # she paid nothing, and 手机139… is her number, not a purchase
        assert (case.risk_level, case.risk_words, case.priority) == ("concern", ["快崩溃了"], "high")


async def test_a_correction_read_as_a_rating_goes_to_the_case_not_to_feedback(store: str) -> None:
    said = user("I've worked there 5 months and never signed a contract", "streamer_no_contract")
    texts, _ = await run(ActionStoreRating(), tracker([said, user("actually it's 6 months, not 5", "rate")]))
    assert "没签书面合同6个月" in "\n".join(texts)
    assert not any("反馈" in text for text in texts)
