"""The casework actions on trackers built from a conversation's events: what the person reads and the progress
the actions record (answered problems, the question asked once, the detail pages walked in turn)."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.casework import ActionCaseworkDetail
from actions.consumer import ActionConsumerCorrection
from actions.merchant import ActionMerchantAdvice
from actions.wellbeing_rights import ActionStreamerAdvice
from kb.precedents import matching_precedent


def conversation(*turns: tuple[str, str], slots: dict[str, Any] | None = None) -> Tracker:
    """A tracker whose user said each (text, intent) in turn; `slots` are the current slot values."""
    events = [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}}
        for text, intent in turns
    ]
    latest = events[-1]["parse_data"] | {"text": turns[-1][0]}
    return Tracker("someone", dict(slots or {}), latest, events, False, None, {}, "action_listen")


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [message.get("text") or "" for message in dispatcher.messages]


async def test_months_given_after_the_answer_are_recomputed_in_two_messages_at_most() -> None:
    tracker = conversation(
        ("我在直播公司上班，一直没签劳动合同", "streamer_no_contract"),
        ("8个月，月薪6000", "inform"),
        slots={"casework_answered": ["contract"], "casework_asked": ["months_worked"]},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionConsumerCorrection().run(dispatcher, tracker, {})
    shown = texts(dispatcher)
    assert len(shown) == 2 and shown[0].startswith("好的，已按新信息重新计算：")
    assert "7个月的二倍工资差额，约 ¥42,000" in shown[0] and "你在那里做了几个月" not in shown[0]
    assert SlotSet("casework_pending", None) in events


async def test_a_streamer_without_months_is_asked_once_and_the_question_is_recorded() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionStreamerAdvice().run(dispatcher, conversation(("没签合同", "streamer_no_contract")), {})
    assert "你在那里做了几个月" in texts(dispatcher)[0]
    assert SlotSet("casework_pending", "months_worked") in events
    assert SlotSet("casework_asked", ["months_worked"]) in events


async def test_more_detail_walks_through_the_answered_problems_most_urgent_first() -> None:
    said = ("签的是经纪合同，解约要我付违约金20万，每天播12个小时", "streamer_mcn_contract")
    slots = {"casework_answered": ["penalty", "hours"], "casework_detailed": []}
    dispatcher = CollectingDispatcher()
    events = await ActionCaseworkDetail().run(dispatcher, conversation(said, slots=slots), {})
    assert "【被索要违约金·详细】" in texts(dispatcher)[0] and "下一件：工时过长" in texts(dispatcher)[1]
    assert events == [SlotSet("casework_detailed", ["penalty"])]
    dispatcher = CollectingDispatcher()
    slots["casework_detailed"] = ["penalty"]
    await ActionCaseworkDetail().run(dispatcher, conversation(said, slots=slots), {})
    assert "【工时过长·详细】" in texts(dispatcher)[0] and "以上是全部细节" in texts(dispatcher)[1]


async def test_a_merchant_agency_fee_dispute_gets_the_casework_reply_not_the_general_topic() -> None:
    said = ("交了2万代运营服务费，保证销量，结果都是刷单和退款", "merchant_influencer_fees")
    dispatcher = CollectingDispatcher()
    events = await ActionMerchantAdvice().run(dispatcher, conversation(said), {})
    assert "不算真实销售" in texts(dispatcher)[0] and "（¥20,000）" in texts(dispatcher)[0]
    assert SlotSet("casework_answered", ["agency_fee"]) in events and events[-1] == SlotSet("service_line", "merchant")


async def test_a_merchant_topic_the_casework_does_not_cover_keeps_its_procedure() -> None:
    dispatcher = CollectingDispatcher()
    await ActionMerchantAdvice().run(dispatcher, conversation(("要办什么证", "merchant_compliance")), {})
    # Several articles of one law are cited together ("电子商务法第12、15条").
    assert re.search(r"电子商务法第[0-9、]*15条", "\n".join(texts(dispatcher)))


async def test_the_detail_of_a_consumer_problem_ticks_the_evidence_the_person_mentioned() -> None:
    said = ("直播间买的包是假货，花了200，我有直播录屏", "consumer_counterfeit")
    slots = {"casework_answered": ["misrepresentation"], "casework_detailed": []}
    dispatcher = CollectingDispatcher()
    await ActionCaseworkDetail().run(dispatcher, conversation(said, slots=slots), {})
    page = "\n".join(texts(dispatcher))
    assert "✅ 直播回放" in page and "☐ 订单号" in page and "以假充真" in page


def _after_checkin(question: str, screen: str) -> Tracker:
    """The check-in ended (every answer `screen`) on `question`, typed after the first message about the pay."""
    from kb import checkin

    slots = {slot: screen for slot in checkin.screen_slots()}
    return conversation(
        ("我是助播，每天播12个小时，公司扣了我800工资，天天失眠，真的撑不下去了", "safety_concern"),
        (question, "streamer_unpaid_wages"),
        slots=slots,
    )


async def test_a_question_typed_instead_of_a_check_in_answer_is_answered_after_the_close() -> None:
    from actions.safety import ActionRiskCheckinResult

    dispatcher = CollectingDispatcher()
    await ActionRiskCheckinResult().run(
        dispatcher, _after_checkin("我没事，就是想知道扣我800工资合不合法", "skipped"), {}
    )
    shown = texts(dispatcher)
    assert "12356" in shown[0]  # the close keeps the hotline in view first
    assert any("被扣的工资（¥800）" in text for text in shown[1:])


async def test_a_yes_in_the_check_in_still_goes_to_the_crisis_reply_not_to_the_casework() -> None:
    from actions.safety import ActionRiskCheckinResult

    dispatcher = CollectingDispatcher()
    await ActionRiskCheckinResult().run(dispatcher, _after_checkin("有", "yes"), {})
    assert not any("被扣的工资" in text for text in texts(dispatcher))


async def test_a_question_on_an_answered_problem_gets_its_detail_with_the_cases_numbers() -> None:
    tracker = conversation(
        ("我是主播，公司每天让我播12个小时，上个月扣了我800工资，也没签合同，干了6个月了", "streamer_no_contract"),
        ("不签合同能要双倍工资吗？", "streamer_no_contract"),
        slots={"casework_answered": ["contract", "wages", "hours"]},
    )
    dispatcher = CollectingDispatcher()
    await ActionStreamerAdvice().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert "【没签劳动合同·详细】" in page and "5个月的二倍工资差额" in page
    assert "做了几个月" not in page and "干了多久" not in page


async def test_more_detail_after_a_shortened_published_case_tells_it_in_full_once() -> None:
    said = "公会拖了我三个月工资不发，当初也没跟我签合同，社保一直没交，我现在该怎么办"
    found = matching_precedent(said, "zh")
    assert found is not None and found.short != found.text
    events = [
        {"event": "user", "text": said, "parse_data": {"intent": {"name": "streamer_unpaid_wages"}, "entities": []}},
        {"event": "bot", "text": "我听到了……\n" + found.short},
        {"event": "user", "text": "/ask_more_detail", "parse_data": {"intent": {"name": "ask_more_detail"}}},
    ]
    slots = {"casework_answered": ["wages", "contract", "social_insurance"], "casework_detailed": []}
    tracker = Tracker("someone", slots, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    await ActionCaseworkDetail().run(dispatcher, tracker, {})
    assert texts(dispatcher)[0] == found.text
    events.insert(2, {"event": "bot", "text": found.text})
    tracker = Tracker("someone", slots, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    await ActionCaseworkDetail().run(dispatcher, tracker, {})
    assert found.text not in texts(dispatcher)


async def test_a_merchant_correcting_the_platform_hears_it_was_noted_not_the_general_menu() -> None:
    tracker = conversation(
        ("我在抖音卖农产品，直播间一直没人看，怎么提高流量", "merchant_traffic"),
        ("说错了，我们是在快手上卖", "inform"),
        slots={"platform": "kuaishou"},
    )
    dispatcher = CollectingDispatcher()
    await ActionConsumerCorrection().run(dispatcher, tracker, {})
    shown = texts(dispatcher)
    assert len(shown) == 1 and shown[0].startswith("收到，已记在你的案件里") and "快手" in shown[0]
    assert dispatcher.messages[0]["buttons"]


BAG = "我在抖音直播间买了一个包，主播说是真皮保真，收到是PU的，花了1200"


async def test_evidence_the_classifier_calls_out_of_scope_is_a_fact_of_the_case() -> None:
    from actions.facts_given import ActionOutOfScope

    tracker = conversation(
        (BAG, "consumer_counterfeit"),
        ("我有直播录屏和订单截图", "out_of_scope"),
        slots={"case_type": "counterfeit", "casework_answered": ["misrepresentation"]},
    )
    dispatcher = CollectingDispatcher()
    await ActionOutOfScope().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert "商品与宣传不符" in page and "超出了本热线的服务范围" not in page
    assert dispatcher.messages[0].get("response") is None


async def test_something_really_out_of_scope_still_gets_the_out_of_scope_reply() -> None:
    from actions.facts_given import ActionOutOfScope

    dispatcher = CollectingDispatcher()
    await ActionOutOfScope().run(dispatcher, conversation(("今天天气怎么样", "out_of_scope")), {})
    assert dispatcher.messages == [{**dispatcher.messages[0], "response": "utter_out_of_scope"}]


async def test_a_corrected_price_with_no_unit_recomputes_the_claim() -> None:
    tracker = conversation(
        (BAG, "consumer_counterfeit"),
        ("说错了，是1500", "inform"),
        slots={"case_type": "counterfeit", "casework_answered": ["misrepresentation"]},
    )
    dispatcher = CollectingDispatcher()
    await ActionConsumerCorrection().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert "3 × ¥1,500 = ¥4,500" in page and "¥1,200" not in page


async def test_another_purchase_is_its_own_case_not_a_correction_of_the_first() -> None:
    said = "另外我在快手买的面膜用了过敏了，花了300"
    tracker = conversation(
        (BAG, "consumer_counterfeit"),
        (said, "inform"),
        slots={"case_type": "counterfeit", "casework_answered": ["misrepresentation"]},
    )
    tracker.latest_message["problems"] = [{"intent": "consumer_cosmetics_harm", "confidence": 0.63}]
    dispatcher = CollectingDispatcher()
    events = await ActionConsumerCorrection().run(dispatcher, tracker, {})
    assert dispatcher.messages == []
    assert events[-1]["event"] == "user" and events[-1]["parse_data"]["intent"]["name"] == "consumer_cosmetics_harm"


FRUIT = (
    "我是做水果的小商家，去年找了个代运营公司，交了3万服务费，他们承诺保底销量10万，"
    "结果大部分订单都是刷单，后来全退款了"
)


async def test_a_follow_up_on_a_casework_answer_gets_the_detail_of_the_problem_it_names() -> None:
    from actions.followup import ActionAnswerFollowup

    tracker = conversation(
        (FRUIT, "merchant_influencer_fees"),
        ("合同里写了保底，这个能要回钱吗？", "followup_matters"),
        slots={"casework_answered": ["agency_fee", "fake_orders"]},
    )
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerFollowup().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert page.startswith("这一点有没有影响\n【代运营/坑位费纠纷·详细】") and "¥30,000" in page
    assert "电子商务法第35条" not in page
    assert SlotSet("casework_detailed", ["agency_fee"]) in events


async def test_a_corrected_sum_the_classifier_reads_as_a_topic_is_recomputed() -> None:
    tracker = conversation(
        (FRUIT, "merchant_influencer_fees"),
        ("说错了，服务费是5万", "merchant_costs"),
        slots={"casework_answered": ["agency_fee", "fake_orders"]},
    )
    dispatcher = CollectingDispatcher()
    await ActionMerchantAdvice().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert page.startswith("好的，已按新信息重新计算：") and "¥50,000" in page


async def test_actually_with_a_new_question_is_answered_not_taken_for_a_correction() -> None:
    tracker = conversation(
        (FRUIT, "merchant_influencer_fees"),
        ("Actually, I also want to ask how to grow traffic with no budget", "merchant_traffic"),
        slots={"casework_answered": ["agency_fee", "fake_orders"]},
    )
    dispatcher = CollectingDispatcher()
    await ActionMerchantAdvice().run(dispatcher, tracker, {})
    page = "\n".join(texts(dispatcher))
    assert "已按新信息重新计算" not in page and "recalculated" not in page
