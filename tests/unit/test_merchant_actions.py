"""The merchant actions pick the right answer for what the seller asked: a question about a claim is
answered, not checked; a script sent to the form is checked; a seller's problem gets the seller's topics."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.merchant import ActionMerchantAdvice, ActionPitchCheck


def tracker(text: str, intent: str, **slots: Any) -> Tracker:
    """A conversation whose latest message is `text`, read by the NLU as `intent`."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    return Tracker("merchant-test", {"language": "zh", **slots}, message, [], False, None, {}, "action_listen")


def seen(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(str(message.get("text")) for message in dispatcher.messages)


async def test_a_claim_question_read_as_a_compliance_topic_is_answered_directly() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionMerchantAdvice().run(
        dispatcher, tracker("那'治咳嗽'可以说吗？'纯天然''无添加'能不能说？", "merchant_compliance"), {}
    )
    assert "「治咳嗽」不能说" in seen(dispatcher) and "资质与合规" not in seen(dispatcher)
    assert SlotSet("service_line", "merchant") in events


async def test_a_claim_question_sent_as_a_pitch_check_is_not_sent_to_the_form() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionPitchCheck().run(dispatcher, tracker("纯天然算违规吗", "merchant_pitch_check"), {})
    assert "「纯天然」有真实依据（证明、注册或来源）才能说" in seen(dispatcher)
    assert FollowupAction("pitch_form") not in events


async def test_a_script_pasted_into_the_form_is_checked_for_the_product_in_the_conversation() -> None:
    dispatcher = CollectingDispatcher()
    await ActionPitchCheck().run(
        dispatcher,
        tracker("每天两粒，增强免疫力", "inform", pitch_text="每天两粒，增强免疫力", product_category="supplements"),
        {},
    )
    assert "保健食品" in seen(dispatcher) and "本品不能代替药物" in seen(dispatcher)


async def test_a_question_typed_into_the_form_is_still_answered_as_a_question() -> None:
    dispatcher = CollectingDispatcher()
    await ActionPitchCheck().run(dispatcher, tracker("新鲜可以说吗", "inform", pitch_text="新鲜可以说吗"), {})
    assert "「新鲜」不在我查的禁用或限制说法里" in seen(dispatcher)


async def test_a_throttled_shop_gets_the_appeal_steps_not_the_traffic_tips() -> None:
    dispatcher = CollectingDispatcher()
    await ActionMerchantAdvice().run(dispatcher, tracker("店铺被平台扣分罚款了，怎么申诉", "merchant_traffic"), {})
    assert "限流、处罚与申诉" in seen(dispatcher) and "电子商务法第36条" in seen(dispatcher)
    assert "千次曝光成本" not in seen(dispatcher)
