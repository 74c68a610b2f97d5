"""Streamer worker-rights topics (hours, pay, contracts, mood, abuse) with computed double wages and deadlines."""

from __future__ import annotations

import re
from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import reply_language
from actions.consultation import TopicAdvice
from kb.calculators import parse_amount
from kb.deadlines import deadline_finding
from kb.labour import double_wages
from kb.render import Answer, message, with_cites
from kb.rules import rule_citations
from kb.topics import topic_for_intent

MONTHS = re.compile(r"(\d{1,3})\s*(?:个月|個月|months?)", re.IGNORECASE)


def _double_wage_line(tracker: Tracker, language: str) -> str | None:
    """When the message says how many months were worked (and maybe the wage), the double-wage result."""
    match = MONTHS.search(tracker.latest_message.get("text") or "")
    if not match:
        return None
    wage = parse_amount(next(tracker.get_latest_entity_values("money"), None))
    result = double_wages(int(match.group(1)), wage)
    pay_part = message("double_wages_pay", language, extra=f"{result.extra_pay:,.0f}") if result.extra_pay else ""
    open_ended = message("double_wages_open_ended", language) if result.deemed_open_ended else ""
    text = message(
        "double_wages",
        language,
        months_worked=match.group(1),
        months=result.months,
        pay_part=pay_part,
        open_ended=open_ended,
    )
    return with_cites(text.strip(), rule_citations("double_wage_max_months"), language)


def _labour_deadline_line(tracker: Tracker, language: str) -> str | None:
    """When the message says when the job ended ("left 3 months ago" → days_ago), the arbitration deadline."""
    days_ago = parse_amount(next(tracker.get_latest_entity_values("days_ago"), None))
    if days_ago is None:
        return None
    finding = deadline_finding("labour_deadline", "labour_arbitration_years", int(days_ago), date.today(), language)
    return "\n".join(statement.render(language) for statement in finding.statements)


class ActionStreamerAdvice(TopicAdvice):
    """Streamer topics (hours, pay, contracts, mood, sleep, abuse), with computed double wages when given."""

    def name(self) -> str:
        """Action name used in the domain and rules."""
        return "action_streamer_advice"

    def answer(self, tracker: Tracker, language: str) -> Answer | None:
        """The topic answer, a double-wage result first when months were mentioned, a check-in offer."""
        answer = super().answer(tracker, language)
        if answer is None:
            return None
        intent = tracker.latest_message.get("intent", {}).get("name")
        computed = None
        if intent == "streamer_no_contract":
            computed = _double_wage_line(tracker, language)
        elif intent == "streamer_unpaid_wages":
            computed = _labour_deadline_line(tracker, language)
        if computed:
            answer.bubbles.insert(0, computed)
        return answer

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the answer, then offer the check-in for wellbeing topics."""
        events = await super().run(dispatcher, tracker, domain)
        topic = topic_for_intent(tracker.latest_message.get("intent", {}).get("name", ""))
        if topic and topic.get("offer_checkin"):
            language = reply_language(tracker)
            dispatcher.utter_message(
                text=message("wellbeing_checkin_offer", language),
                buttons=[{"title": message("wellbeing_checkin_button", language), "payload": "/wellbeing_checkin"}],
            )
        return events + [SlotSet("service_line", "streamer")]
