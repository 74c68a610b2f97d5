"""Follow-up questions and repeated questions, on trackers built turn by turn: what the person reads next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.followup import ActionAnswerFollowup
from actions.merchant import ActionMerchantAdvice
from actions.wellbeing_rights import ActionStreamerAdvice
from kb.topics import topic_answer


def user(
    text: str, intent: str, entities: list[dict[str, str]] | None = None, ranking: list[str] | None = None
) -> dict[str, Any]:
    """A user event as the tracker stores it."""
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [{"name": name, "confidence": 0.1} for name in (ranking or [intent])],
    }
    return {"event": "user", "text": text, "parse_data": parse}


def bot(text: str) -> dict[str, Any]:
    """A bot message event."""
    return {"event": "bot", "text": text, "data": {}}


def case_opened(case_type: str) -> dict[str, Any]:
    """The slot event action_start_consumer_case records when a consumer case opens."""
    return {"event": "slot", "name": "case_type", "value": case_type}


def tracker(events: list[dict[str, Any]], **slots: Any) -> Tracker:
    """A tracker whose latest message is the last user event."""
    latest = next(event["parse_data"] for event in reversed(events) if event["event"] == "user")
    return Tracker.from_dict(
        {
            "sender_id": "test-followup",
            "slots": {"language": "zh", "language_locked": False, **slots},
            "latest_message": latest,
            "events": events,
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


async def run(action: Any, state: Tracker) -> tuple[str, list[Any]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, state, {})
    return "\n".join(message.get("text") or "" for message in dispatcher.messages), events


TIPPING = [
    user("我儿子12岁，偷偷给主播打赏了8000块", "consumer_minor_spending", [{"entity": "money", "value": "8000"}]),
    case_opened("minor_spending"),
    bot("【未成年人充值/打赏】建议步骤：\n1. 8周岁以上的未成年人是限制民事行为能力人……"),
]


async def test_a_parent_asked_to_prove_the_child_tipped_gets_proof_steps_with_their_8000_not_the_form() -> None:
    state = tracker(
        [*TIPPING, user("客服说要我证明是孩子打赏的，我该怎么证明？", "followup_proof")], amount_paid=8000.0
    )
    seen, events = await run(ActionAnswerFollowup(), state)
    assert "怎么证明" in seen and "未成年人充值/打赏" in seen
    assert "户口本" in seen and "民法典第19、145条" in seen
    assert "¥8,000" in seen and "实付多少钱" not in seen
    assert SlotSet("answers_sent", ["minor_spending:proof"]) in events


async def test_can_i_go_after_the_streamer_or_sue_answers_who_returns_the_money_and_what_if_refused() -> None:
    question = "如果平台不退，我能不能直接找那个主播要？或者去法院起诉？"
    seen, _ = await run(ActionAnswerFollowup(), tracker([*TIPPING, user(question, "followup_sue")], amount_paid=8000.0))
    assert "找谁索赔、能不能起诉" in seen and "民法典第145、157条" in seen and "主播" in seen
    assert "对方拒绝怎么办" in seen and "未成年人保护法第74条" in seen
    assert "申请官方介入" not in seen and "开箱" not in seen


async def test_explain_in_english_resends_the_case_in_english_and_answers_the_7_day_excuse() -> None:
    events = [
        user("在抖音直播间买的翡翠是假的，花了3000", "consumer_counterfeit", [{"entity": "money", "value": "3000"}]),
        case_opened("counterfeit"),
        user("I kept the order", "consumer_undelivered"),  # an answer to the form, misread as another problem
        bot("【买到假货】建议步骤：……"),
        user("Can you explain in English? And does the seller's '7 days' excuse matter?", "ask_translate",
             [{"entity": "language", "value": "en"}]),
    ]  # fmt: skip
    seen, slots = await run(ActionAnswerFollowup(), tracker(events, platform="douyin", amount_paid=3000.0))
    assert SlotSet("language", "en") in slots and SlotSet("language_locked", True) in slots
    assert "Consumer Protection Law Art 55" in seen and "3 × ¥3,000 = ¥9,000" in seen
    assert "Does it matter?" in seen and "7 days" in seen
    assert "Which platform" not in seen


async def test_a_follow_up_before_any_topic_opens_the_topic_it_points_to() -> None:
    first = user("商家拒绝退货怎么办", "followup_refused", ranking=["followup_refused", "consumer_return_refused"])
    _, events = await run(ActionAnswerFollowup(), tracker([first]))
    assert SlotSet("case_type", "return_refused") in events and FollowupAction("consumer_case_form") in events


async def test_a_first_how_do_i_that_names_no_problem_asks_what_happened_instead_of_guessing_a_form() -> None:
    first = user("被骗了怎么办", "followup_refused", ranking=["followup_refused", "consumer_offplatform_fraud"])
    seen, events = await run(ActionAnswerFollowup(), tracker([first]))
    assert "说说经过" in seen and "私下转账" in seen
    assert not any(isinstance(event, FollowupAction) for event in events)


async def test_a_penalty_question_like_a_published_case_hears_the_case_before_the_topic() -> None:
    text = (
        "我们公司直播卖开店课程，用了个包装出来的女主播人设，还承诺一个月赚不回学费全退，"
        "现在投诉很多。这样会被怎么处罚？"
    )
    first = user(text, "followup_matters", ranking=["followup_matters", "merchant_traffic"])
    seen, _ = await run(ActionAnswerFollowup(), tracker([first]))
    assert "200万" in seen and "吊销营业执照" in seen and "反不正当竞争法第八条" in seen
    assert seen.index("200万") < seen.index("【")


async def test_no_budget_asked_twice_gets_free_ways_then_one_question_never_the_same_template() -> None:
    first_answer = topic_answer("traffic", "zh").bubbles[0]
    asked_again = [
        user("我没钱投流", "merchant_traffic"),
        bot(first_answer),
        user("一分钱预算都没有，有没有不花钱的办法？", "merchant_traffic"),
    ]
    seen, _ = await run(ActionMerchantAdvice(), tracker(asked_again))
    assert first_answer not in seen and ("没预算" in seen or "不花钱" in seen)
    # Asked once more right away: what was just sent is not sent again (the repeat guard counts it when it has
    # to step in: test_the_streamer_topic_asked_again_is_not_sent_twice).
    just_sent = [bubble for bubble in seen.split("\n") if bubble.startswith("【")]
    third = [*asked_again, *(bot(text) for text in seen.split("\nℹ️")[:1]), user("还有别的办法吗", "merchant_traffic")]
    seen_again, _ = await run(ActionMerchantAdvice(), tracker(third))
    assert not any(title in seen_again for title in just_sent)


async def test_a_streamer_asking_about_a_million_penalty_on_80000_earned_hears_about_reduction() -> None:
    first_answer = topic_answer("mcn_contract", "en").bubbles[0]
    events = [
        user("My agency wants a 1,000,000 penalty if I leave", "streamer_mcn_contract",
             [{"entity": "money", "value": "1000000"}]),
        bot(first_answer),
        user("I only earned 80,000 in total, do I really have to pay a million?", "followup_matters",
             [{"entity": "money", "value": "80000"}]),
    ]  # fmt: skip
    seen, _ = await run(ActionAnswerFollowup(), tracker(events, language="en"))
    assert "Does it matter?" in seen and "Civil Code Art 585" in seen and "30%" in seen
    assert "¥1,000,000, ¥80,000" in seen and first_answer not in seen


async def test_the_streamer_topic_asked_again_is_not_sent_twice() -> None:
    said = user("公司要我赔一百万违约金", "streamer_mcn_contract")
    dispatcher = CollectingDispatcher()
    await ActionStreamerAdvice().run(dispatcher, tracker([said]), {})
    first = [str(m.get("text")) for m in dispatcher.messages if m.get("text")]
    again = [said, *(bot(text) for text in first), user("公司要我赔一百万违约金", "streamer_mcn_contract")]
    seen, slots = await run(ActionStreamerAdvice(), tracker(again))
    assert not any(text in seen for text in first)
    assert SlotSet("repeats_avoided", 1.0) in slots


SISTERS_WAGES = [
    user("我妹妹在直播公司当助播，三个月没发工资了", "streamer_unpaid_wages"),
    bot(topic_answer("unpaid_wages", "zh").bubbles[0]),
]
WHERE_TO_APPLY = user("那她能去哪里申请仲裁", "followup_sue")


async def test_where_to_apply_for_arbitration_gets_the_committee_not_only_whether_to_sue() -> None:
    seen, _ = await run(ActionAnswerFollowup(), tracker([*SISTERS_WAGES, WHERE_TO_APPLY]))
    assert "找谁索赔、能不能起诉" in seen and "具体怎么操作" in seen
    assert "劳动人事争议仲裁委员会" in seen and "劳动合同履行地" in seen and "第21、28、53条" in seen


async def test_a_follow_up_about_the_earlier_wage_case_is_answered_there_after_a_purchase_case_opened() -> None:
    bought = user("另外我买的耳机是假的，花了300", "consumer_counterfeit", [{"entity": "money", "value": "300"}])
    purchase = [bought, case_opened("counterfeit"), bot("……")]
    events = [*SISTERS_WAGES, *purchase, WHERE_TO_APPLY]
    seen, _ = await run(ActionAnswerFollowup(), tracker(events))
    assert "劳动人事争议仲裁委员会" in seen and "买到假货" not in seen
    assert "按你说的" not in seen  # the earphones' facts are not the wage case's
