"""When the NLU is unsure: ask, read the answer, and never leave the person with nothing.

A message that falls back (`nlu_fallback`) opens `clarify_form`, whose one question is asked by
`action_ask_clarify_answer`:
- emoji only, one word, unreadable: a warm prompt that says what would help; crying or hurting emoji get a
  check-in that asks how the person is and whether they are safe, with the 12356 hotline;
- otherwise "which of these?" with the likely problems as buttons (from the problem detector and the intent
  ranking), or an open question when there is no likely problem.
Whatever the person answers is read by `action_clarified`: a button or a clear new message is taken as that
message; words are matched to the buttons by position ("第一个"), by title ("假货那个") or by the NLU's reading
of the answer; "都有" / "both" and "不知道" handle the candidates one after another (the first now, the others
offered as buttons); anything else gets an open question with a social worker offered. The chosen problem is
replayed as the user's message, so the normal answer follows. A crisis in the answer leaves the form at once
(the slot mapping excludes it) and the crisis rules take over.

`action_default_fallback` (Rasa's core fallback) hands off after two misunderstandings in a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction, SlotSet, UserUtteranceReverted, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from actions.casework import casework_reply, send_case_reply, send_precedent
from actions.common import pick, reply_language
from actions.in_context import answer_in_context
from actions.thread import current_topic
from kb.casework.case import problems_raised_now
from kb.casework.facts import line_of_intent
from kb.casework.remedies import problem_specs
from kb.casework.reply import CaseReply
from kb.merchant import cued_topics, merchant_answer
from kb.render import Answer
from nlu.message_shape import read_shape
from nlu.problem_signals import by_urgency, is_problem

ROOT = Path(__file__).resolve().parent.parent
INTENTS_FILE = ROOT / "nlu" / "intents.yml"
ANSWERS_FILE = ROOT / "nlu" / "lexicon" / "answers.yml"
FALLBACK_INTENT = "nlu_fallback"
TWO_STAGE_LOOP = "action_two_stage_fallback"
CONTEXT_SLOT = "clarify_context"
# The clarify context of a message answered at once as a fact of the open case (no question asked).
ANSWERED = "answered_as_fact"
ANSWER_SLOT = "clarify_answer"
MAX_CANDIDATES = 3
# A guess below this confidence is noise, not a candidate worth a button.
MIN_CANDIDATE_CONFIDENCE = 0.05
# Never offered as a guess: a crisis is never "did you mean…?", yes/no/facts are not topics, and the menu and
# small-talk intents are no reading of an unclear message ("你是机器人吗" offered for "我是不是该报警").
NOT_OFFERED_PREFIXES = ("safety_",)
ANSWER_INTENTS = frozenset({FALLBACK_INTENT, "affirm", "deny", "inform", "skip", "out_of_scope"})
NOT_OFFERED = ANSWER_INTENTS | {"bot_challenge", "choose_service_line", "choose_language", "greet", "thanks", "rate"}
# Wanting out (stop, a human, goodbye) is honoured however it is worded.
LEAVING_INTENTS = frozenset({"stop", "request_human", "goodbye"})
# A typed answer the NLU reads as a clear message of its own is taken as that message.
CLEAR_MESSAGE_CONFIDENCE = 0.5
# An ordinal shorter than this must be the whole answer ("1", "一"), not merely inside it.
SHORT_ORDINAL = 3
PROMPTS = {
    "emoji_only": "utter_emoji_prompt",
    "one_word": "utter_one_word_prompt",
    "unreadable": "utter_unreadable_prompt",
    "crying": "utter_distress_checkin",
    "hurting": "utter_hurting_checkin",
}


@lru_cache(maxsize=1)
def intent_titles() -> dict[str, dict[str, str]]:
    """Button titles per intent and language, from nlu/intents.yml."""
    data: dict[str, dict[str, str]] = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def answer_words() -> dict[str, Any]:
    """Words people use to answer "which one?" (nlu/lexicon/answers.yml)."""
    data: dict[str, Any] = yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))
    return data


def _offerable(name: str | None) -> bool:
    return (
        bool(name)
        and name not in NOT_OFFERED
        and not str(name).startswith(NOT_OFFERED_PREFIXES)
        and (name in intent_titles())
    )


def case_in_unclear_message(tracker: Tracker, language: str, candidates: list[str]) -> CaseReply | None:
    """The casework answer when an unclear message's own words raise problems (facts, not the classifier) on the
    service line one of its candidate readings is on; None otherwise."""
    raised = problems_raised_now(tracker.events, language, date.today())
    lines = {str(spec.get("line")) for spec in problem_specs() if spec["id"] in raised}
    if not raised or not (lines & {line_of_intent(c) for c in candidates} or "any" in lines):
        return None
    return casework_reply(tracker, language)


def merchant_in_unclear_message(text: str, candidates: list[str], language: str) -> Answer | None:
    """The merchant topics an unclear message names by its own words, when the best practical reading is a
    merchant one (a streamer's "the studio demands 300,000 in penalties" names the penalty topic's words too)."""
    practical = [c for c in candidates if line_of_intent(c) is not None]
    if not practical or line_of_intent(practical[0]) != "merchant" or not cued_topics(text):
        return None
    return merchant_answer(text, practical[0], language)


def asks_about_case(text: str) -> bool:
    """True when the message is worded as a question ("…吗", "是不是该…", "should I …?")."""
    lowered = text.lower().strip()
    return any(re.search(pattern, lowered) for pattern in answer_words()["asks_about_case"])


def candidate_intents(parse_data: dict[str, Any], limit: int = MAX_CANDIDATES) -> list[str]:
    """The most likely real intents behind a message that fell back: detected problems first, then the ranking."""
    problems = [str(p.get("intent")) for p in parse_data.get("problems") or [] if isinstance(p, dict)]
    ranking = [
        str(r.get("name"))
        for r in parse_data.get("intent_ranking") or []
        if isinstance(r, dict) and float(r.get("confidence") or 0.0) >= MIN_CANDIDATE_CONFIDENCE
    ]
    offered = [n for n in dict.fromkeys(problems + ranking) if _offerable(n)]
    return offered[:limit]


def misunderstood_twice(tracker: Tracker) -> bool:
    """True when the two-stage fallback is giving up: it is the active loop, or two fallbacks in a row."""
    if tracker.active_loop_name == TWO_STAGE_LOOP:
        return True
    intents = [
        e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker.events if e.get("event") == "user"
    ]
    return intents[-2:] == [FALLBACK_INTENT, FALLBACK_INTENT]


def prompt_kind(text: str, candidates: list[str]) -> str:
    """Which question to ask: a distress check-in, a prompt for an emoji / one word / unreadable message,
    "which one?" (candidates) or an open question."""
    shape = read_shape(text)
    if shape.distress in ("crying", "hurting") and shape.kind != "text":
        return shape.distress
    if shape.kind in ("emoji_only", "unreadable", "empty"):
        return "emoji_only" if shape.kind == "emoji_only" else "unreadable"
    if candidates:
        return "which_one"
    return "one_word" if shape.kind == "one_word" else "open"


@dataclass(frozen=True)
class Reading:
    """What an answer to the question means: `chosen` is the problem to answer now (None: ask openly);
    `others` are offered after it; `how` says why (for the line said before the answer)."""

    how: str
    chosen: str | None = None
    others: list[str] = field(default_factory=list)
    parse: dict[str, Any] | None = None
    # Entities the answer itself gave (a price, a date), kept with the first message's.
    facts: list[dict[str, Any]] = field(default_factory=list)


def _normalised(text: str) -> str:
    return "".join(c for c in text.lower().strip() if c.isalnum() or c in " '").strip()


def _mentions(answer: str, words: list[Any]) -> bool:
    return any(str(w).lower() in answer for w in words)


def _ordinal(answer: str, count: int) -> int | None:
    for index, words in answer_words()["ordinals"].items():
        if int(index) >= count:
            continue
        for word in map(str, words):
            if answer == word.lower() or (len(word) >= SHORT_ORDINAL and word.lower() in answer):
                return int(index)
    return None


def _by_title(answer: str, candidates: list[str]) -> str | None:
    """A candidate whose button title shares a piece with the answer: two Chinese characters ("假货那个" →
    买到假货) or an English word of four letters or more ("the refund one" → …)."""
    for name in candidates:
        titles = intent_titles()[name]
        chinese, english = str(titles.get("zh", "")), str(titles.get("en", "")).lower()
        pieces = [chinese[i : i + 2] for i in range(len(chinese) - 1)]
        pieces += [w for w in "".join(c if c.isalnum() else " " for c in english).split() if len(w) >= 4]
        if any(piece.strip() and piece in answer for piece in pieces):
            return name
    return None


def read_answer(context: dict[str, Any], parse: dict[str, Any]) -> Reading:
    """How to act on the answer `parse` (a `/model/parse` result) to the question described by `context`."""
    candidates = [c for c in context.get("candidates") or [] if _offerable(c)]
    intent = (parse.get("intent") or {}).get("name") or FALLBACK_INTENT
    confidence = float((parse.get("intent") or {}).get("confidence") or 0.0)
    text = str(parse.get("text") or "")
    answer = _normalised(text)
    words = answer_words()
    if text.startswith("/") and intent not in ANSWER_INTENTS:
        return Reading("button", intent)
    if intent in LEAVING_INTENTS:
        return Reading("message", intent, parse=parse)
    if candidates and _mentions(answer, words["both"]):
        first, *rest = by_urgency(candidates)
        return Reading("both", first, rest)
    if _mentions(answer, words["none_of_them"]) or intent == "out_of_scope":
        return Reading("open")
    if intent not in ANSWER_INTENTS and confidence >= CLEAR_MESSAGE_CONFIDENCE:
        return Reading("message", intent, parse=parse)
    if candidates:
        index = _ordinal(answer, len(candidates))
        if index is not None:
            return Reading("picked", candidates[index])
        titled = _by_title(answer, candidates)
        if titled:
            return Reading("picked", titled)
        if intent == "skip" or _mentions(answer, words["dont_know"]):
            first, *rest = candidates
            return Reading("dont_know", first, rest)
        # "大概两百多" in answer to "which one?": a fact of the case, not a choice. The person is telling their
        # story, so it goes on with the most likely problem, the fact kept, the others offered.
        if intent == "inform" or (parse.get("entities") and intent in ANSWER_INTENTS):
            first, *rest = candidates
            return Reading("dont_know", first, rest, facts=list(parse.get("entities") or []))
        if intent == "affirm":
            return Reading("picked", candidates[0])
        ranked = [str(r.get("name")) for r in parse.get("intent_ranking") or [] if isinstance(r, dict)]
        best = next((n for n in ranked if n in candidates), None)
        if best and intent != "deny":
            return Reading("picked", best)
    if intent not in ANSWER_INTENTS and is_problem(intent):
        return Reading("message", intent, parse=parse)
    return Reading("open")


def replayed_message(context: dict[str, Any], reading: Reading) -> dict[str, Any]:
    """The user message to continue with: the answer itself when it was a message of its own, else the
    first message read as the chosen problem (its entities kept), listing the other problems to offer."""
    if reading.parse is not None:
        return reading.parse
    chosen = str(reading.chosen)
    problems = [chosen, *[p for p in reading.others if p != chosen]]
    return {
        "text": context.get("text") or "",
        "intent": {"name": chosen, "confidence": 1.0},
        "intent_ranking": [{"name": chosen, "confidence": 1.0}],
        "entities": [*(context.get("entities") or []), *reading.facts],
        "problems": [{"intent": p, "confidence": 1.0} for p in problems],
    }


class ActionAskClarification(Action):
    """The clarify form's question, chosen by what the unclear message looks like."""

    def name(self) -> str:
        """Asks for the form's only slot."""
        return "action_ask_clarify_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Send the prompt (with candidate buttons for "which one?") and remember what was asked."""
        language = reply_language(tracker)
        # "What about 'all natural'?" after a claim check, or "有商品页截图" once a case is open, is clear in
        # context: it is answered, and nothing is left to ask.
        answered = answer_in_context(dispatcher, tracker, language)
        if answered is not None:
            return [*answered, *self._answered()]
        latest = tracker.latest_message or {}
        text = str(latest.get("text") or "")
        candidates = candidate_intents(latest)
        case = case_in_unclear_message(tracker, language, candidates)
        if case is not None:
            # "I paid 450 on WeChat… nothing arrived and now she blocked me": the words themselves make the case
            # (paid off-platform, seller gone) that the candidates point to; it is answered, not asked about.
            return [*send_case_reply(dispatcher, tracker, case), *self._answered()]
        merchant = merchant_in_unclear_message(text, candidates, language)
        if merchant is not None:
            # "throttled after 'best in the world' in the title, how do I appeal?": a seller's own words name the
            # topics (a penalty, banned claims), so their steps are given rather than asked about.
            from actions.consultation import send_answer  # consultation → problems → this module

            return [
                *send_answer(dispatcher, merchant, language),
                SlotSet("service_line", "merchant"),
                *self._answered(),
            ]
        if current_topic(tracker) is not None and asks_about_case(text):
            # "我是不是该报警" with a topic open is a follow-up about it, answered as one.
            from actions.followup import ActionAnswerFollowup  # followup → consultation → … → this module

            return [*await ActionAnswerFollowup().run(dispatcher, tracker, domain), *self._answered()]
        kind = prompt_kind(text, candidates)
        # A published case like the message answers its question even when the topic is unclear.
        send_precedent(dispatcher, tracker, language)
        if kind == "which_one":
            titles = intent_titles()
            buttons = [{"title": pick(titles[c], language), "payload": f"/{c}"} for c in candidates]
            buttons.append({"title": pick(titles["out_of_scope"], language), "payload": "/out_of_scope"})
            dispatcher.utter_message(response="utter_which_one", buttons=buttons)
        elif kind == "open":
            dispatcher.utter_message(response="utter_open_question")
        else:
            dispatcher.utter_message(response=PROMPTS[kind], word=text.strip())
        context = {
            "kind": kind,
            "text": text,
            "entities": latest.get("entities") or [],
            "candidates": candidates if kind == "which_one" else [],
        }
        return [SlotSet(CONTEXT_SLOT, context)]

    @staticmethod
    def _answered() -> list[EventType]:
        """Close the form at once: the message was answered in context, no question is asked."""
        return [SlotSet(CONTEXT_SLOT, {"kind": ANSWERED}), SlotSet("requested_slot", None)]


class ActionClarified(Action):
    """Act on the answer to the clarify form's question: continue with the chosen problem, or ask openly."""

    def name(self) -> str:
        """Runs when the clarify form is filled."""
        return "action_clarified"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Say how the answer was read, then replay the chosen problem as the user's message."""
        context = tracker.get_slot(CONTEXT_SLOT) or {}
        reset: list[EventType] = [SlotSet(CONTEXT_SLOT, None), SlotSet(ANSWER_SLOT, None)]
        if context.get("kind") == ANSWERED:
            return reset  # the message was answered as a fact of the case; no question was asked
        reading = read_answer(context, tracker.latest_message or {})
        language = reply_language(tracker)
        if reading.chosen is None:
            response = "utter_checkin_open" if context.get("kind") in ("crying", "hurting") else "utter_open_question"
            dispatcher.utter_message(response=response, buttons=_human_button(language))
            return reset
        # "Both": one at a time, when another problem is really left ("How to use this" is no problem to come back to).
        others = [other for other in reading.others if is_problem(other) and other != reading.chosen]
        if reading.how == "dont_know" or (reading.how == "both" and others):
            title = pick(intent_titles()[reading.chosen], language)
            dispatcher.utter_message(response=f"utter_clarified_{reading.how}", first=title)
        message = replayed_message(context, reading)
        return [*reset, ActionExecuted("action_listen"), UserUttered(message.get("text"), message)]


def _human_button(language: str) -> list[dict[str, str]]:
    return [{"title": pick(intent_titles()["request_human"], language), "payload": "/request_human"}]


class ActionMisunderstoodFallback(Action):
    """Second misunderstanding in a row: hand off to a social worker; otherwise just say so."""

    def name(self) -> str:
        """Rasa's reserved name, called by the core fallback."""
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Set `handoff_reason=misunderstood` and follow up with `action_handoff`, or utter the default."""
        if misunderstood_twice(tracker):
            return [SlotSet("handoff_reason", "misunderstood"), FollowupAction("action_handoff")]
        dispatcher.utter_message(response="utter_default")
        return [UserUtteranceReverted()]
