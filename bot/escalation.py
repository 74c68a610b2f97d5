"""Handing a person to a human: open (or reuse) their case, alert workers, and say what happens next.

Used by action_handoff, action_crisis and the relay's offline crisis path, so every route says the same
true things. The crisis reply is composed before the database is touched: the hotlines never depend on it.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from bot.alerts import alert_new_case
from store.cases import NewCase, open_case
from store.db import session_scope
from store.models import Priority
from store.policy import crisis_reply, policy_value, text, typical_wait
from store.pseudonym import pseudonym
from store.summary import SummaryInput, build_summary

log = logging.getLogger(__name__)
CRISIS_KINDS = ("suicide_risk", "danger_to_others")


@dataclass(frozen=True)
class Escalation:
    """What to tell the person, and the case now holding the conversation (None if none could be opened)."""

    texts: list[str]
    case_ref: str | None


def with_summary(new: NewCase) -> NewCase:
    """`new` with its worker summary built from its facts and the end of its transcript."""
    # Not masked here: open_case masks the summary as it stores it.
    recent = [(role.value, line) for role, line in new.transcript[-policy_value("summary_recent_messages") :]]
    summary = build_summary(
        SummaryInput(
            pseudonym=pseudonym(new.sender_id),
            language=new.language,
            service_line=new.service_line,
            topic=new.topic,
            reason=new.reason,
            priority=new.priority.value,
            crisis=new.reason in CRISIS_KINDS,
            facts=new.facts,
            recent=recent,
        )
    )
    return dataclasses.replace(new, summary=summary)


def hand_over(new: NewCase, database_url: str | None = None) -> Escalation:
    """Open the case for an ordinary handoff and tell the person the ref, next steps, wait and who is on duty."""
    with session_scope(database_url) as session:
        case, created = open_case(session, with_summary(new))
        if not created:
            return Escalation([text("case_already_open", new.language, ref=case.ref)], case.ref)
        on_duty = alert_new_case(session, case)
        texts = [text("case_opened", new.language, ref=case.ref, wait=typical_wait(case.priority, new.language))]
        if not on_duty:
            texts.append(text("nobody_on_duty", new.language))
        return Escalation(texts, case.ref)


def open_urgent_case(kind: str, new: NewCase, database_url: str | None = None) -> Escalation:
    """Open (or raise to urgent) the person's case for a crisis and alert workers; the texts follow the hotlines.

    If the store fails the person is told plainly to call the lines now, and no case ref is returned.
    """
    urgent = dataclasses.replace(new, reason=kind, priority=Priority.URGENT)
    try:
        with session_scope(database_url) as session:
            case, _created = open_case(session, with_summary(urgent))
            on_duty = alert_new_case(session, case)
            texts = [text("crisis_case_opened", new.language, ref=case.ref)]
            if not on_duty:
                texts.append(text("nobody_on_duty_crisis", new.language))
            return Escalation(texts, case.ref)
    except SQLAlchemyError as error:
        log.error("could not open the urgent case: %s", error)
        return Escalation([text("crisis_store_failed", new.language)], None)


def respond_to_crisis(kind: str, new: NewCase, database_url: str | None = None) -> Escalation:
    """The whole crisis answer: the hotlines first (composed before the store is touched), then the case."""
    hotlines = crisis_reply(kind, new.language)
    opened = open_urgent_case(kind, new, database_url)
    return Escalation([hotlines, *opened.texts], opened.case_ref)
