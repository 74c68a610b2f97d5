"""Casework in the actions: the reply for the whole case (kb/casework), the case's progress slots, and the
"more detail" walk through the answered problems."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import reply_language
from actions.repeats import not_again, repeats_previous_turn
from actions.thread import ANSWERED_SLOT, current_topic
from kb.casework.case import (
    asked_again,
    asked_first,
    case_facts,
    latest_message_facts,
    problems_raised_now,
    problems_to_answer,
    raised_now,
)
from kb.casework.facts import starts_new_purchase
from kb.casework.remedies import Problem, assess, problem_specs, remedy_specs
from kb.casework.reply import CaseReply, detail, first_answer, tapped_problem
from kb.precedents import Precedent, matching_precedent
from kb.render import message

# The questions the person answered "don't know" to (set by the form validation in actions/consultation.py).
SKIPPED_SLOT = "skipped_facts"
# The case's progress (domain/consumer.yml): problems answered, facts asked (never twice), the question the
# bot is waiting on, and the problems already shown in detail.
ASKED_SLOT = "casework_asked"
PENDING_SLOT = "casework_pending"
DETAILED_SLOT = "casework_detailed"
# The facts the consumer form asks for (its required slots in domain/consumer.yml).
FORM_FACTS = ("amount_paid", "loss_amount", "days_since_receipt")


def precedent_of(tracker: Tracker, language: str) -> Precedent | None:
    """A published case like the one in the latest message, with the person's numbers (knowledge/precedents.yml)."""
    return matching_precedent(str(tracker.latest_message.get("text") or ""), language)


def precedent_text(tracker: Tracker, language: str) -> str | None:
    """The full text of the published case like the latest message, if any."""
    found = precedent_of(tracker, language)
    return found.text if found else None


def send_precedent(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> bool:
    """Say how a published case like the latest message was decided (before a question or a chooser)."""
    text = precedent_text(tracker, language)
    if text:
        dispatcher.utter_message(text=text)
    return text is not None


def casework_reply(
    tracker: Tracker, language: str, recompute: bool = False, not_to_ask: tuple[str, ...] = ()
) -> CaseReply | None:
    """The casework answer for the conversation's facts, or None when no known problem was heard."""
    facts = case_facts(tracker.events, tracker.current_slot_values())
    answered = tracker.get_slot(ANSWERED_SLOT) or []
    assessed = assess(facts, language, date.today())
    text = str(tracker.latest_message.get("text") or "")
    tapped = tapped_problem(text, assessed, facts)
    if tapped is not None and tapped.id in answered:
        return problem_detail(tracker, tapped, language)
    raised = problems_raised_now(tracker.events, language, date.today())
    again = None
    if not recompute and not starts_new_purchase(text):
        again = asked_again(assessed, raised, answered)
    if again is not None:
        return problem_detail(tracker, again, language)
    problems = problems_to_answer(facts, language, date.today(), answered=answered, recompute=recompute)
    if facts.turns > 1:
        problems = asked_first(problems, raised)
    if not problems:
        return None
    already = [*(tracker.get_slot(ASKED_SLOT) or []), *(tracker.get_slot(SKIPPED_SLOT) or []), *not_to_ask]
    return first_answer(problems, facts, language, already, precedent=precedent_of(tracker, language))


# The action that closes the safety check-in (actions/safety.py) and offers the way back to the problem.
CHECKIN_CLOSE_ACTION = "action_risk_checkin_result"


def just_after_checkin(tracker: Tracker) -> bool:
    """True when the latest message is the first one after the safety check-in closed."""
    users = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users > 1:
                return False
        elif kind == "action" and users == 1 and event.get("name") != "action_listen":
            return event.get("name") == CHECKIN_CLOSE_ACTION
    return False


def resume_after_checkin(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType] | None:
    """The first message after the check-in, asking about the problem without naming it again ("so how do I get
    the 1500 back?"): the problem the person came with is answered, as the "go on with my problem" button does."""
    if not just_after_checkin(tracker) or casework_raised_now(tracker, language):
        return None
    reply = casework_reply(tracker, language)
    return send_case_reply(dispatcher, tracker, reply) if reply is not None else None


def casework_raised_now(tracker: Tracker, language: str) -> bool:
    """True when the latest message raises a problem the casework rules cover."""
    return raised_now(tracker.events, language, date.today())


def send_messages(dispatcher: CollectingDispatcher, reply: CaseReply) -> None:
    """The reply's messages in order, its buttons under the last one."""
    for index, text in enumerate(reply.messages):
        last = index == len(reply.messages) - 1
        buttons = [{"title": title, "payload": payload} for title, payload in reply.buttons] if last else []
        dispatcher.utter_message(text=text, buttons=buttons)


def send_case_reply(dispatcher: CollectingDispatcher, tracker: Tracker, reply: CaseReply) -> list[EventType]:
    """Send the messages (buttons on the last one) and record the case's progress; never the same reply twice
    in a row (actions/repeats.py says what is new or asks one specific question instead, and counts it)."""
    if repeats_previous_turn(tracker, reply.messages):
        from actions.consultation import send_answer  # consultation imports this module

        language = reply_language(tracker)
        instead, noted = not_again(tracker, current_topic(tracker), language, reply.handoff_reason)
        return send_answer(dispatcher, instead, language) + noted
    send_messages(dispatcher, reply)
    if reply.detailed:
        return [SlotSet(DETAILED_SLOT, [*(tracker.get_slot(DETAILED_SLOT) or []), reply.detailed])]
    answered = list(dict.fromkeys([*(tracker.get_slot(ANSWERED_SLOT) or []), *reply.problems]))
    events: list[EventType] = [SlotSet(ANSWERED_SLOT, answered), SlotSet(DETAILED_SLOT, [])]
    events.append(SlotSet(PENDING_SLOT, reply.asked))
    if reply.asked:
        events.append(SlotSet(ASKED_SLOT, [*(tracker.get_slot(ASKED_SLOT) or []), reply.asked]))
    if reply.handoff_reason:
        events.append(SlotSet("handoff_reason", reply.handoff_reason))
    return events


def _said(tracker: Tracker) -> str:
    return " ".join(str(event.get("text") or "") for event in tracker.events if event.get("event") == "user")


def untold_precedent(tracker: Tracker, language: str) -> str | None:
    """The full text of the published case like this conversation, when only its two-sentence form was sent
    (the first answer shrinks it to make room for every problem; "more detail" owes the rest)."""
    found = matching_precedent(_said(tracker), language)
    if found is None or found.short == found.text:
        return None
    sent = [str(event.get("text") or "") for event in tracker.events if event.get("event") == "bot"]
    told_short = any(found.short in text for text in sent)
    return found.text if told_short and not any(found.text in text for text in sent) else None


def problem_detail(tracker: Tracker, problem: Problem, language: str) -> CaseReply:
    """One answered problem in detail (a tapped problem button), offering the next one not shown yet."""
    answered = tracker.get_slot(ANSWERED_SLOT) or []
    shown = [*(tracker.get_slot(DETAILED_SLOT) or []), problem.id]
    problems = assess(case_facts(tracker.events, tracker.current_slot_values()), language, date.today())
    following = next((p for p in problems if p.id in answered and p.id not in shown), None)
    reply = detail(problem, following, language, said=_said(tracker))
    reply.detailed = problem.id
    return reply


def _conditions(problem_id: str) -> set[str]:
    """The facts a problem and its remedies turn on (knowledge/casework): what a message about it would name."""
    spec = next((p for p in problem_specs() if p["id"] == problem_id), {})
    named = set(spec.get("facts", [])) | set(spec.get("intents", [])) | set(spec.get("named_by", []))
    for remedy in remedy_specs():
        if remedy["problem"] == problem_id:
            named |= set(remedy.get("when", [])) | set(remedy.get("any", []))
    return named


def _answered_problems(tracker: Tracker, language: str) -> list[Problem]:
    answered = tracker.get_slot(ANSWERED_SLOT) or []
    if not answered:
        return []
    facts = case_facts(tracker.events, tracker.current_slot_values())
    return [problem for problem in assess(facts, language, date.today()) if problem.id in answered]


def _touched(problems: list[Problem], tracker: Tracker) -> Problem | None:
    said = latest_message_facts(tracker.events)
    named = set(said.flags) | set(said.intents) if said is not None else set()
    return next((p for p in problems if _conditions(p.id) & named), None)


def problem_case(problem_id: str) -> str | None:
    """The consumer case file (or topic) a casework problem points to: how the conversation's topic names it."""
    spec = next((p for p in problem_specs() if p["id"] == problem_id), {})
    found = spec.get("case") or spec.get("topic")
    return str(found) if found else None


def _detail_under(tracker: Tracker, problem: Problem, language: str, heading: str) -> CaseReply:
    reply = problem_detail(tracker, problem, language)
    reply.messages[0] = f"{heading}\n{reply.messages[0]}"
    return reply


def followed_up_problem(tracker: Tracker, language: str, heading: str) -> CaseReply | None:
    """The detail of the answered problem a follow-up ("合同里写了保底，这个能要回钱吗？") is about, under `heading`
    (the question it answers): the problem whose facts the message names, else the most urgent answered one.
    None when the casework answered nothing."""
    problems = _answered_problems(tracker, language)
    chosen = _touched(problems, tracker) or next(iter(problems), None)
    return _detail_under(tracker, chosen, language, heading) if chosen is not None else None


def other_problem_followed_up(tracker: Tracker, language: str, heading: str, topic_id: str) -> CaseReply | None:
    """The detail of an answered problem other than the topic's that the follow-up names ("医院的病历我有，这个能当
    证据吗" in a refund case that also holds an injury), under `heading`; None when it names none."""
    touched = _touched(_answered_problems(tracker, language), tracker)
    if touched is None or problem_case(touched.id) == topic_id:
        return None
    return _detail_under(tracker, touched, language, heading)


class ActionCaseworkDetail(Action):
    """ "More detail": the next answered problem not yet shown in detail, most urgent first."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_casework_detail"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send one problem's detail and offer the next one."""
        language = reply_language(tracker)
        answered = tracker.get_slot(ANSWERED_SLOT) or []
        shown = tracker.get_slot(DETAILED_SLOT) or []
        problems = assess(case_facts(tracker.events, tracker.current_slot_values()), language, date.today())
        waiting = [problem for problem in problems if problem.id in answered and problem.id not in shown]
        if not waiting:
            dispatcher.utter_message(text=message("casework_detail_done", language))
            return []
        following = waiting[1] if len(waiting) > 1 else None
        precedent = untold_precedent(tracker, language) if not shown else None
        if precedent:
            dispatcher.utter_message(text=precedent)
        send_messages(dispatcher, detail(waiting[0], following, language, said=_said(tracker)))
        return [SlotSet(DETAILED_SLOT, [*shown, waiting[0].id])]
