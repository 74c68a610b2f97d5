"""A message that only gives facts of the case under way ("两天前收到的", "I kept the order and the chats").

The classifier often reads such a message as a new problem; here it recomputes the case instead. When the new
fact changes nothing in the answer, the person hears that it was noted, what still applies and one question
to move on, never the same answer again (issue 15).
"""

from __future__ import annotations

from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.casework import ANSWERED_SLOT, FORM_FACTS, casework_reply, send_case_reply
from actions.common import reply_language, ui_text
from actions.repeats import not_again, repeats_previous_turn
from actions.thread import current_topic, facts_line
from kb.casework.case import problems_raised_now
from kb.casework.facts import excluded_lines, gives_a_fact, is_correction, line_of_intent, raised_flags, signals
from kb.casework.reply import HANDOFF_PAYLOAD, CaseReply
from kb.consumer import case_types, evidence_checklist
from kb.fact_answers import is_fact_answer
from kb.followups import specific_question
from kb.knowledge import document
from kb.render import message, pick

# A line of the answer that states what applies ("• 假货：…（消保法第55条）").
APPLIES_MARK = "• "
MAX_APPLIES = 2
# The evidence checklist's mark for an item the person has, and how many missing items to name after them.
TICK = "✅"
MAX_MISSING = 2


def case_under_way(tracker: Tracker) -> bool:
    """True when a problem is already being dealt with (a consumer case type, an answered problem, a topic)."""
    return bool(tracker.get_slot("case_type") or tracker.get_slot(ANSWERED_SLOT) or current_topic(tracker))


# Roles whose own problems are a buyer's (nlu/signals/roles.yml).
BUYER_ROLES = ("buyer", "buyer_family")


def buyer_adds_to_consumer_case(tracker: Tracker) -> bool:
    """True when a buyer, in a consumer case under way, writes something the classifier put on another line
    ("另外卖家还把我拉黑了" read as streamer harassment): it belongs to their case, not to a new topic."""
    parse = next((e.get("parse_data") or {} for e in reversed(tracker.events) if e.get("event") == "user"), {})
    role = (parse.get("role") or {}).get("name")
    intent = str((parse.get("intent") or {}).get("name") or "")
    if role not in BUYER_ROLES or intent.startswith("consumer_"):
        return False
    topic = current_topic(tracker)
    return topic is not None and topic.service_line == "consumer"


def fact_answer_in_case(tracker: Tracker) -> bool:
    """True when the latest message only gives facts of the case under way."""
    return case_under_way(tracker) and is_fact_answer(str(tracker.latest_message.get("text") or ""))


def corrects_a_fact(tracker: Tracker, language: str) -> bool:
    """True when the latest message takes back a fact of the case under way and gives the right one, raising no
    problem that was not answered yet ("Actually, I also want to ask about throttling" is a new question)."""
    text = str(tracker.latest_message.get("text") or "")
    if not (case_under_way(tracker) and is_correction(text) and gives_a_fact(text)):
        return False
    answered = set(tracker.get_slot(ANSWERED_SLOT) or [])
    # "对了，其实是1580元，不是1280" read as fake prices at 0.3: an unsure intent is not a new problem.
    intent = tracker.latest_message.get("intent") or {}
    words_only = float(intent.get("confidence") or 0.0) < float(signals()["correction_trusts_intent_from"])
    return set(problems_raised_now(tracker.events, language, date.today(), words_only)) <= answered


def _sent_before(tracker: Tracker) -> set[str]:
    """Every answer text sent so far, without the "recalculated" line a recomputed answer starts with."""
    texts = set()
    for event in tracker.events:
        if event.get("event") == "bot" and event.get("text"):
            for language in ("zh", "en"):
                prefix = message("facts_updated", language) + "\n"
                text = str(event["text"])
                texts.add(text[len(prefix) :] if text.startswith(prefix) else text)
    return texts


def _applies(reply: CaseReply) -> list[str]:
    """The reply's "what applies to you" lines (each with its citation), most urgent first."""
    return [line for line in reply.messages[0].splitlines() if line.startswith(APPLIES_MARK)][:MAX_APPLIES]


def _ticked(checklist: str | list[str]) -> list[str]:
    lines = checklist.splitlines()[1:] if isinstance(checklist, str) else checklist
    return [line for line in lines if line.startswith(TICK)]


def _user_words(tracker: Tracker) -> str:
    return " ".join(str(e.get("text") or "") for e in tracker.events if e.get("event") == "user").lower()


def _noted(tracker: Tracker, reply: CaseReply, language: str) -> str:
    """What was noted, what still applies (cited), the evidence checklist when evidence was named, one question."""
    topic = current_topic(tracker)
    lines = [ui_text("facts_noted.heading", language), *_applies(reply)]
    facts = facts_line(tracker, topic, language) if topic else None
    if facts:
        lines.append(facts)
    latest = str(tracker.latest_message.get("text") or "").lower()
    # What a newly told fact means for the case ("卖家把我拉黑了": the platform can still step in).
    notes = document("ui.yml")["facts_noted"]
    lines += [
        str(pick(notes[f"flag_{flag}"], language)) for flag in sorted(raised_flags(latest)) if f"flag_{flag}" in notes
    ]
    case = case_types().get(str(tracker.get_slot("case_type")))
    if case is not None and _ticked(evidence_checklist(case["evidence"], latest, language)):
        items = evidence_checklist(case["evidence"], _user_words(tracker), language).splitlines()[1:]
        missing = [item for item in items if not item.startswith(TICK)][:MAX_MISSING]
        lines += [ui_text("facts_noted.evidence", language), *_ticked(items), *missing]
    lines.append(specific_question(topic.id, language) if topic else ui_text("repeat.generic_question", language))
    return "\n".join(lines)


def _changed_lines(text: str, sent: set[str], language: str) -> str:
    """The lines of a recomputed first answer that were not sent before ("• 没签劳动合同：…约 ¥35,000"), and a
    note that the rest stands; the whole text when every line is new (the person reads only what changed)."""
    before = {line for earlier in sent for line in earlier.splitlines()}
    lines = text.splitlines()
    fresh = [line for line in lines if line not in before]
    if not fresh or len(fresh) == len(lines):
        return text
    unchanged = [line for line in lines if line.startswith(APPLIES_MARK) and line in before]
    return "\n".join(fresh + ([ui_text("facts_noted.rest_unchanged", language)] if unchanged else []))


def send_noted(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType] | None:
    """A fact given on a topic the casework computes nothing for: it is noted (with the person's facts), the
    advice stands, and one question moves on. None when no case is under way."""
    topic = current_topic(tracker)
    if topic is None:
        return None
    facts = facts_line(tracker, topic, language)
    text = "\n".join(
        [ui_text("facts_noted.plain", language), *([facts] if facts else []), specific_question(topic.id, language)]
    )
    if repeats_previous_turn(tracker, [text]):
        from actions.consultation import send_answer  # consultation imports this module

        instead, events = not_again(tracker, topic, language)
        return send_answer(dispatcher, instead, language) + events
    dispatcher.utter_message(
        text=text, buttons=[{"title": message("offer_human_button", language), "payload": HANDOFF_PAYLOAD}]
    )
    return []


def send_fact(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType] | None:
    """A fact of the case taken in: the case recomputed, or the fact noted where the casework computes nothing.
    None when no case is under way."""
    given = send_recomputed(dispatcher, tracker, language)
    return given if given is not None else send_noted(dispatcher, tracker, language)


def send_recomputed(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> list[EventType] | None:
    """The case recomputed with the facts of every turn: the new answer when it changed, else what was noted.
    None when the casework knows no problem in this conversation."""
    reply = casework_reply(tracker, language, recompute=True, not_to_ask=FORM_FACTS)
    if reply is None:
        return None
    sent = _sent_before(tracker)
    if not set(reply.messages) <= sent:
        # Only the parts that changed: a message already sent as it stands is not sent again.
        kept = [text for text in reply.messages if text not in sent] or reply.messages
        if kept[0] != reply.messages[0]:
            # What applies (with the person's numbers) still leads, above the parts that changed.
            kept[0] = "\n".join([*_applies(reply), kept[0]])
        else:
            kept[0] = _changed_lines(kept[0], sent, language)
        reply.messages = kept
        reply.messages[0] = message("facts_updated", language) + "\n" + reply.messages[0]
        return send_case_reply(dispatcher, tracker, reply)
    noted = _noted(tracker, reply, language)
    if repeats_previous_turn(tracker, [noted]):
        from actions.consultation import send_answer  # consultation imports this module

        instead, events = not_again(tracker, current_topic(tracker), language, reply.handoff_reason)
        return send_answer(dispatcher, instead, language) + events
    button = {"title": message("offer_human_button", language), "payload": HANDOFF_PAYLOAD}
    dispatcher.utter_message(text=noted, buttons=[button])
    return []


class ActionOutOfScope(Action):
    """ "Out of scope", unless the message makes sense in the conversation (actions/in_context.py): "我有直播录屏
    和订单截图" once a case is open, "What about 'all natural'?" after a claim check."""

    response = "utter_out_of_scope"

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The message answered in context, else the out-of-scope reply."""
        from actions.in_context import answer_in_context  # it builds on this module

        answered = answer_in_context(dispatcher, tracker, reply_language(tracker))
        if answered is not None:
            return answered
        dispatcher.utter_message(response=self.response)
        return []


class ActionShareExperience(ActionOutOfScope):
    """Someone telling their own experience or view with nothing to solve: thanks and what the line can do, unless
    it is a fact of the case under way ("我在直播间卖了三年橘子" while a merchant case is open)."""

    response = "utter_share_experience"

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_share_experience"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A question is no mere sharing ("我们公司…这样会被怎么处罚？"): it is read again as its best problem."""
        problem = asked_problem(tracker)
        if problem is not None:
            from actions.consumer import read_again_as  # consumer builds on this module

            return read_again_as(tracker, problem)
        return await super().run(dispatcher, tracker, domain)


def asked_problem(tracker: Tracker) -> str | None:
    """The problem a message read as sharing asks about: worded as a question, its best problem intent that the
    speaker can raise (a merchant's question is no buyer's), with at least `sharing_question_min_confidence`."""
    from actions.fallback import asks_about_case  # fallback builds on this module

    text = str(tracker.latest_message.get("text") or "")
    if not asks_about_case(text):
        return None
    floor = float(document("followups.yml")["sharing_question_min_confidence"])
    role = str((tracker.latest_message.get("role") or {}).get("name") or "")
    excluded = excluded_lines(role)
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        name = str(ranked.get("name") or "")
        line = line_of_intent(name)
        if line is not None and line not in excluded and float(ranked.get("confidence") or 0) >= floor:
            return name
    return None
