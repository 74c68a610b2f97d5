"""Safety actions: any sign of suicide, self-harm or danger to someone stops the normal flow at once.

By level (nlu/risk.py, added up over the recent turns):
- imminent / high: a short warm reply with the hotlines (imminent: 120/110 first), a direct question about their
  safety, an urgent case for a human; the bot pauses only if a case now holds the conversation, so the person is
  never left talking to silence;
- concern: the feeling first, 12356, then a short direct check-in (ASQ structure, knowledge/safety/checkin.yml);
  any yes becomes high (or imminent when it is right now), a no goes on with care to the practical problem.
Nothing said here carries a legal disclaimer, a form question or a menu.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import casework_raised_now, casework_reply, send_case_reply
from actions.common import reply_language
from actions.consultation import AskAction, ask_actions, leave_active_form
from actions.handoff import new_case_from_tracker
from bot.escalation import open_urgent_case
from kb import checkin
from nlu.message_shape import read_shape
from nlu.risk import NO_RISK, RiskAssessment, assess_risk, person_level, rank
from nlu.service_lines import practical_problem
from store.policy import crisis_reply, text

log = logging.getLogger(__name__)

INTENT_KINDS = {"safety_suicide_risk": "suicide_risk", "safety_danger_to_others": "danger_to_others"}
DEFERRED_SLOT = "deferred_intent"
SKIPPED = "skipped"


def _message_risk(event_or_message: dict[str, Any]) -> RiskAssessment:
    data = event_or_message.get("parse_data", event_or_message)
    if data.get("risk") is not None:
        return RiskAssessment.from_dict(data.get("risk"))
    return assess_risk(str(event_or_message.get("text") or data.get("text") or "")) if data else NO_RISK


def conversation_risk(tracker: Tracker) -> RiskAssessment:
    """The person's level after their latest message, from the assessments of their recent messages."""
    turns = [_message_risk(e) for e in tracker.events if e.get("event") == "user"]
    return person_level(turns or [_message_risk(tracker.latest_message)])


def earlier_messages(tracker: Tracker) -> list[str]:
    """The person's messages before the latest one, most recent last (who they were writing about)."""
    texts = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return texts[:-1][-checkin.EARLIER_MESSAGES :]


def crisis_kind(tracker: Tracker, risk: RiskAssessment) -> str:
    """danger_to_others or suicide_risk: the intent says it, else the assessment (suicide risk if unsure). Someone
    threatened or followed by another person, with no words of their own about dying, is in danger from them,
    whatever the encoder's kind ("有人把我家地址发到弹幕里，说要来找我" is not a suicide risk)."""
    intent = tracker.latest_message.get("intent", {}).get("name")
    return checkin.crisis_kind(str(tracker.latest_message.get("text") or ""), INTENT_KINDS.get(intent) or risk.kind)


def answer_crisis(dispatcher: CollectingDispatcher, tracker: Tracker, level: str, kind: str) -> list[EventType]:
    """The crisis reply, the direct safety question and an urgent case; shared by every path into a crisis."""
    language = reply_language(tracker)
    said, earlier = str(tracker.latest_message.get("text") or ""), earlier_messages(tracker)
    dispatcher.utter_message(text=crisis_reply(kind, language, level, checkin.about_someone_else(kind, said, earlier)))
    question = checkin.safety_question(level, kind, language, said, earlier)
    events: list[EventType] = [
        *leave_active_form(tracker),
        SlotSet("handoff_reason", kind),
        SlotSet("risk_level", level),
    ]
    try:
        escalation = open_urgent_case(kind, new_case_from_tracker(tracker, kind))
    except Exception:  # whatever breaks, the person must hear what to do instead of an error
        log.exception("crisis case could not be opened")
        dispatcher.utter_message(text=question)
        dispatcher.utter_message(text=text("crisis_store_failed", language))
        return events
    # The person ends on the question they can answer; without a case, on "call the hotlines above now".
    lines = [*escalation.texts, question] if escalation.case_ref is not None else [question, *escalation.texts]
    for line in lines:
        dispatcher.utter_message(text=line)
    if escalation.case_ref is not None:
        events += [SlotSet("case_ref", escalation.case_ref), ConversationPaused()]
    return events


class ActionCrisis(Action):
    """High or imminent risk: hotlines, a direct safety question, an urgent case, then pause for the worker."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the crisis at the level the conversation has reached (never below high)."""
        risk = conversation_risk(tracker)
        level = risk.level if rank(risk.level) >= rank("high") else "high"
        return answer_crisis(dispatcher, tracker, level, crisis_kind(tracker, risk))


def deferred_problem(tracker: Tracker) -> str | None:
    """The practical problem of the message that raised concern (its best problem intent), for afterwards; a
    message of emoji alone ("😭😭") names none, whatever the classifier guessed."""
    if read_shape(str(tracker.latest_message.get("text") or "")).kind != "text":
        return None
    return practical_problem(tracker.latest_message.get("intent_ranking") or [])


def _after_buttons(language: str, deferred: str | None) -> list[dict[str, str]]:
    """A social worker, and first the practical problem the person mentioned, when there was one."""
    buttons = [{"title": checkin.text("human_button", language), "payload": "/request_human"}]
    if deferred:
        buttons.insert(0, {"title": checkin.text("continue_button", language), "payload": f"/{deferred}"})
    return buttons


class ActionRiskCheckin(Action):
    """Concern: acknowledge the feeling in the person's words, give 12356, and open the check-in."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_risk_checkin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Escalate when the conversation already reached high; otherwise start the check-in questions."""
        risk = conversation_risk(tracker)
        if risk.is_crisis:
            return [FollowupAction("action_crisis")]
        language = reply_language(tracker)
        if checkin.reports_someone_else(str(tracker.latest_message.get("text") or ""), earlier_messages(tracker)):
            # The questions are about the writer; someone worried about a roommate hears how to help her instead.
            dispatcher.utter_message(
                text=checkin.text("third_party_concern", language), buttons=_after_buttons(language, None)
            )
            return [*leave_active_form(tracker), SlotSet(DEFERRED_SLOT, None), FollowupAction("action_listen")]
        # Echo the person's own words, never a classifier's score ("… (0.91)").
        words = next(iter(_message_risk(tracker.latest_message).words_said), None)
        dispatcher.utter_message(text=checkin.acknowledgement(language, words))
        slots = [*checkin.screen_slots(), checkin.acuity_slot()]
        deferred = deferred_problem(tracker) or tracker.get_slot(DEFERRED_SLOT)
        return [
            *leave_active_form(tracker),
            *[SlotSet(slot, None) for slot in slots],
            SlotSet(DEFERRED_SLOT, deferred),
            SlotSet("risk_level", "concern"),
        ]


class ValidateRiskCheckinForm(FormValidationAction):
    """Reads each answer as yes / no; "rather not say" or an answer to something else ends the check-in gently."""

    def name(self) -> str:
        """Validation action of `risk_checkin_form`."""
        return "validate_risk_checkin_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The four questions; the "right now" question only after a yes."""
        screen = checkin.screen_slots()
        if any(tracker.get_slot(slot) == "yes" for slot in screen):
            return [*screen, checkin.acuity_slot()]
        return screen

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Record the answer to the requested question; a skip or unclear answer fills the rest as skipped."""
        requested = tracker.get_slot("requested_slot")
        slots = [*checkin.screen_slots(), checkin.acuity_slot()]
        if requested not in slots:
            return await super().run(dispatcher, tracker, domain)
        answer = checkin.read_answer(tracker.latest_message.get("text"))
        # A message that itself shows crisis ("有人把我家地址发出来了，说要来找我") ends the questions at once:
        # the result answers it as the crisis it is.
        if answer in ("skip", "unclear") or _message_risk(tracker.latest_message).is_crisis:
            return [SlotSet(slot, SKIPPED) for slot in slots if not tracker.get_slot(slot)] + [
                SlotSet("requested_slot", None)
            ]
        events: list[EventType] = [SlotSet(requested, answer)]
        tracker.add_slots(events)
        return events + await super().run(dispatcher, tracker, domain)


class AskRiskQuestion(AskAction):
    """Ask one check-in question with yes / no / rather-not-say buttons."""

    def prompt(self, tracker: Tracker, language: str) -> tuple[str, list[tuple[str, str]]]:
        """The numbered question (or the right-now question) and its buttons."""
        return checkin.question_text(self.slot, language), checkin.answer_buttons(language)


ASK_ACTIONS = ask_actions(AskRiskQuestion, [*checkin.screen_slots(), checkin.acuity_slot()], globals())


class ActionRiskCheckinResult(Action):
    """After the check-in: any yes → the crisis path; otherwise a caring close and the way back to the problem."""

    def name(self) -> str:
        """Action run when `risk_checkin_form` is complete."""
        return "action_risk_checkin_result"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Escalate a positive screen; close a negative or declined one and offer the practical problem."""
        language = reply_language(tracker)
        screen = [tracker.get_slot(slot) for slot in checkin.screen_slots()]
        now = tracker.get_slot(checkin.acuity_slot())
        clear = [SlotSet(slot, None) for slot in [*checkin.screen_slots(), checkin.acuity_slot()]]
        risk = conversation_risk(tracker)
        if risk.is_crisis and rank(_message_risk(tracker.latest_message).level) >= rank("high"):
            return clear + answer_crisis(dispatcher, tracker, risk.level, crisis_kind(tracker, risk))
        if "yes" in screen:
            level = "imminent" if now in ("yes", SKIPPED) else "high"
            return clear + answer_crisis(dispatcher, tracker, level, "suicide_risk")
        declined = SKIPPED in screen
        # "我没事，就是想知道扣工资合不合法": a question asked instead of an answer is answered now, after a close
        # that keeps 12356 in view; only a message that itself carries no risk.
        calm = rank(_message_risk(tracker.latest_message).level) == 0
        asked_instead = calm and casework_raised_now(tracker, language)
        close = "negative_close" if not declined else "question_first_close" if asked_instead else "declined_close"
        dispatcher.utter_message(text=checkin.text(close, language))
        if asked_instead:
            reply = casework_reply(tracker, language)
            if reply is not None:
                return [*clear, SlotSet(DEFERRED_SLOT, None), *send_case_reply(dispatcher, tracker, reply)]
        buttons = _after_buttons(language, tracker.get_slot(DEFERRED_SLOT))
        dispatcher.utter_message(text=checkin.text("continue_prompt", language), buttons=buttons)
        return [*clear, SlotSet(DEFERRED_SLOT, None)]
