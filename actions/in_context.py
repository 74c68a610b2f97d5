"""Messages that only make sense in the conversation under way, whatever the classifier called them.

"What about 'all natural'?" after a claim check, "我有直播录屏和订单截图" or "说错了，是8个月" once a case is open:
read alone they look unclear, out of scope or like a new question. Every generic answer (out of scope, the
"which one?" clarification, a follow-up) asks here first, so the context wins in one place.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.casework import resume_after_checkin
from actions.facts_given import corrects_a_fact, fact_answer_in_case, send_fact


def answer_in_context(
    dispatcher: CollectingDispatcher, tracker: Tracker, language: str, heading: str | None = None
) -> list[EventType] | None:
    """Answer the latest message from the conversation (a claim follow-up, a fact of the case), or None when
    it needs its own answer. `heading` names the question a claim answer replies to ("Does it matter?")."""
    from actions.consultation import send_answer  # consultation → problems → fallback → this module
    from actions.merchant import claim_followup_answer

    claim = claim_followup_answer(tracker, language)
    if claim is not None:
        if heading and claim.bubbles:
            claim.bubbles[0] = f"{heading}\n{claim.bubbles[0]}"
        return send_answer(dispatcher, claim, language)
    # "So how do I get the 1500 back?" straight after the safety check-in: the problem the person came with.
    resumed = resume_after_checkin(dispatcher, tracker, language)
    if resumed is not None:
        return resumed
    # "对了，其实是1580元，不是1280" read as a follow-up question takes back a fact: the case is recomputed.
    if fact_answer_in_case(tracker) or corrects_a_fact(tracker, language):
        return send_fact(dispatcher, tracker, language)
    return None
