"""Consultation actions on recorded trackers: the exact events they return and the texts the user sees."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.consumer import ActionConsumerAdvice, ActionStartConsumerCase, ValidateConsumerCaseForm
from actions.merchant import ActionPitchCheck
from actions.wellbeing import ASK_ACTIONS, ActionWellbeingFeedback
from actions.wellbeing_rights import ActionStreamerAdvice
from kb.calculators import deadline

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def recorded(name: str) -> Tracker:
    """A tracker recorded as JSON in tests/fixtures/."""
    return Tracker.from_dict(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    """The forms and slots of the split domain (enough for form validation)."""
    merged: dict[str, Any] = {"forms": {}, "slots": {}}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["forms"].update(data.get("forms", {}))
        merged["slots"].update(data.get("slots", {}))
    return merged


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message.get("text") or "" for message in dispatcher.messages)


async def test_first_message_keeps_platform_and_price_and_forgets_the_old_case(domain: dict[str, Any]) -> None:
    events = await ActionStartConsumerCase().run(
        CollectingDispatcher(), recorded("consumer_first_message_fake_bag"), domain
    )
    assert events == [
        SlotSet("days_since_receipt", None),
        SlotSet("evidence_kept", None),
        SlotSet("case_type", "counterfeit"),
        SlotSet("skipped_facts", []),
        SlotSet("service_line", "consumer"),
        SlotSet("casework_detailed", []),
    ]


async def test_a_purchase_after_a_wage_question_opens_as_a_new_matter_the_first_one_kept(
    domain: dict[str, Any],
) -> None:
    said = {"text": "另外我买的耳机是假的", "intent": {"name": "consumer_counterfeit", "confidence": 0.9}}
    state = Tracker.from_dict(
        {
            "sender_id": "test-new-matter",
            "slots": {"language": "zh", "service_line": "streamer", "case_type": None},
            "latest_message": {**said, "entities": [], "intent_ranking": [said["intent"]]},
            "events": [{"event": "user", "text": said["text"], "parse_data": said}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
    dispatcher = CollectingDispatcher()
    events = await ActionStartConsumerCase().run(dispatcher, state, domain)
    assert texts(dispatcher).startswith("好的，我们再来看这件新的事：“买到假货”。前面的事随时可以接着问。")
    assert SlotSet("case_type", "counterfeit") in events


async def test_dont_know_the_price_of_a_fake_ends_the_questions_nothing_else_changes_the_answer(
    domain: dict[str, Any],
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateConsumerCaseForm().run(dispatcher, recorded("consumer_form_price_unknown"), domain)
    assert events == [SlotSet("skipped_facts", ["amount_paid"]), SlotSet("requested_slot", None)]
    assert dispatcher.messages == []


async def test_switching_to_a_food_problem_mid_form_changes_the_case(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    events = await ValidateConsumerCaseForm().run(dispatcher, recorded("consumer_form_switch_to_food"), domain)
    assert events == [
        SlotSet("case_type", "food_safety"),
        SlotSet("skipped_facts", []),
        SlotSet("requested_slot", "amount_paid"),
    ]
    assert texts(dispatcher) == "好的，换成“食品安全问题”。"


async def test_a_200_yuan_fake_bag_is_answered_with_600_and_article_55() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionConsumerAdvice().run(dispatcher, recorded("consumer_counterfeit_200_complete"), {})
    seen = texts(dispatcher)
    assert "以假充真可能构成欺诈" in seen and "3 × ¥200 = ¥600。（消保法第55条" in seen
    assert "在抖音订单里点“申请官方介入”" in seen
    assert "留好证据：直播录屏" in seen and "社工可以跟进" in seen
    assert seen.strip().endswith("ℹ️ 信息参考，不是法律意见。")
    assert SlotSet("casework_answered", ["misrepresentation"]) in events
    assert events[-1] == SlotSet("skipped_facts", None)


async def test_80_yuan_unsafe_food_in_english_gets_1000_and_a_social_worker_offer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionConsumerAdvice().run(dispatcher, recorded("consumer_food_80_english_complete"), {})
    seen = texts(dispatcher)
    assert "10 × ¥80 = ¥800, so ¥1,000. (Food Safety Law Art 148)" in seen and "call 120" in seen
    assert {"title": "Talk to a social worker", "payload": "/request_human"} in dispatcher.messages[-1]["buttons"]
    assert {"title": "More detail", "payload": "/ask_more_detail"} in dispatcher.messages[-1]["buttons"]
    assert SlotSet("handoff_reason", "serious_injury") in events


async def test_a_script_pasted_with_the_request_is_checked_at_once() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionPitchCheck().run(dispatcher, recorded("merchant_pitch_in_same_message"), {})
    seen = texts(dispatcher)
    assert "绝对化用语【不能说】（广告法第9条）" in seen and "防病治病宣称【不能说】（广告法第17条）" in seen
    assert "参考改写（上面标出的说法都已去掉）：\n直播间优惠价" in seen
    assert events == [SlotSet("pitch_text", None), SlotSet("service_line", "merchant")]


async def test_a_pitch_check_without_a_script_opens_the_form_that_asks_for_it() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionPitchCheck().run(dispatcher, recorded("merchant_pitch_without_script"), {})
    assert events == [FollowupAction("pitch_form")]
    assert dispatcher.messages == []


async def test_high_checkin_score_after_long_shifts_offers_a_social_worker_and_labour_rights() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionWellbeingFeedback().run(
        dispatcher, recorded("wellbeing_all_most_of_the_time_after_long_shifts"), {}
    )
    seen = texts(dispatcher)
    assert "18/24" in seen and "12356" in seen and "劳动法第44条" in seen and "不是诊断" in seen
    assert dispatcher.messages[-1]["buttons"] == [{"title": "转社工", "payload": "/request_human"}]
    assert events[0] == SlotSet("handoff_reason", "wellbeing_high_score")
    assert SlotSet("k6_nervous", None) in events


async def test_eight_months_without_a_contract_gives_seven_months_of_double_wages() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionStreamerAdvice().run(dispatcher, recorded("streamer_no_contract_8_months"), {})
    first = dispatcher.messages[0]["text"]
    assert "没签书面合同8个月：可主张7个月的二倍工资差额，约 ¥42,000。（劳动合同法第82条" in first
    assert events[-1] == SlotSet("service_line", "streamer")


async def test_each_checkin_question_has_five_answer_buttons() -> None:
    ask = ASK_ACTIONS["k6_nervous"]()
    dispatcher = CollectingDispatcher()
    await ask.run(dispatcher, recorded("merchant_pitch_without_script"), {})
    assert dispatcher.messages[0]["text"].startswith("(1/6)")
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]][0] == '/inform{"rating":"1"}'
    assert ask.name() == "action_ask_k6_nervous"


def test_active_loop_is_closed_when_a_new_topic_starts() -> None:
    from actions.consultation import leave_active_form

    tracker = recorded("consumer_form_price_unknown")
    assert leave_active_form(tracker) == [ActiveLoop(None), SlotSet("requested_slot", None)]


async def test_the_evidence_question_is_no_longer_asked_the_answer_lists_what_to_keep(domain: dict[str, Any]) -> None:
    dispatcher = CollectingDispatcher()
    tracker = recorded("consumer_form_evidence_answer_misread_as_new_topic")
    events = await ValidateConsumerCaseForm().run(dispatcher, tracker, domain)
    assert events == [SlotSet("requested_slot", None)]
    assert dispatcher.messages == []


async def test_wages_owed_after_leaving_90_days_ago_show_the_one_year_arbitration_deadline() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionStreamerAdvice().run(dispatcher, recorded("streamer_left_job_90_days_ago_unpaid"), {})
    first = dispatcher.messages[0]["text"]
    left = deadline(date.today() - timedelta(days=90), 1, date.today()).days_left  # 275 or 276 across a 29 Feb
    assert "劳动仲裁时效1年" in first and f"还剩 {left} 天" in first and "劳动争议调解仲裁法第27条" in first
    assert SlotSet("handoff_reason", "needs_pleadings") in events


async def test_the_platform_question_offers_platform_buttons_and_dont_know() -> None:
    from actions.consultation import QUESTION_ACTIONS

    ask = QUESTION_ACTIONS["platform"]()
    dispatcher = CollectingDispatcher()
    assert await ask.run(dispatcher, recorded("consumer_form_price_unknown"), {}) == []
    assert ask.name() == "action_ask_platform"
    assert dispatcher.messages[0]["text"] == "在哪个平台买的？"
    buttons = dispatcher.messages[0]["buttons"]
    assert buttons[0] == {"title": "抖音", "payload": '/inform{"platform":"douyin"}'}
    assert buttons[-1] == {"title": "不知道/跳过", "payload": "/skip"}


async def test_correcting_the_price_after_the_answer_recomputes_it() -> None:
    from actions.consumer import ActionConsumerCorrection

    dispatcher = CollectingDispatcher()
    events = await ActionConsumerCorrection().run(dispatcher, recorded("consumer_corrects_price_after_the_answer"), {})
    seen = texts(dispatcher)
    assert seen.startswith("好的，已按新信息重新计算：")
    assert "3 × ¥300 = ¥900" in seen and "在淘宝订单里点“申请客服介入”" in seen
    assert SlotSet("casework_answered", ["misrepresentation"]) in events


async def test_an_unusable_answer_inside_the_form_asks_to_answer_the_question() -> None:
    from actions.consumer import ActionConsumerCorrection

    dispatcher = CollectingDispatcher()
    events = await ActionConsumerCorrection().run(dispatcher, recorded("consumer_form_price_unknown"), {})
    assert events == [] and "回答上面的问题" in texts(dispatcher)
