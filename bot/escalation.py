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
from kb.checkin import about_someone_else
from store.cases import NewCase, open_case
from store.db import session_scope
from store.models import Priority
from store.policy import crisis_reply, text, typical_wait

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Escalation:
    """What to tell the person, and the case now holding the conversation (None if none could be opened)."""

    texts: list[str]
    case_ref: str | None


def hand_over(new: NewCase, database_url: str | None = None) -> Escalation:
    """Open the case for an ordinary handoff and tell the person the ref, next steps and the honest wait.

    A usual wait is quoted only when someone is on duty; otherwise the person hears that nobody is, and what
    happens instead (the first worker on duty sees the case; the bot keeps helping meanwhile).
    """
    with session_scope(database_url) as session:
        case, created = open_case(session, new)
        if not created:
            return Escalation([text("case_already_open", new.language, ref=case.ref)], case.ref)
        if alert_new_case(session, case):
            wait = typical_wait(case.priority, new.language)
            return Escalation([text("case_opened", new.language, ref=case.ref, wait=wait)], case.ref)
        return Escalation([text("case_opened_nobody_on_duty", new.language, ref=case.ref)], case.ref)


def open_urgent_case(kind: str, new: NewCase, database_url: str | None = None) -> Escalation:
    """Open (or raise to urgent) the person's case for a crisis and alert workers; the texts follow the hotlines.

    If the store fails the person is told plainly to call the lines now, and no case ref is returned.
    """
    urgent = dataclasses.replace(new, reason=kind, priority=Priority.URGENT)
    try:
        with session_scope(database_url) as session:
            case, _created = open_case(session, urgent)
            on_duty = alert_new_case(session, case)
            texts = [text("crisis_case_opened", new.language, ref=case.ref)]
            if not on_duty:
                texts.append(text("nobody_on_duty_crisis", new.language))
            return Escalation(texts, case.ref)
    except SQLAlchemyError as error:
        log.error("could not open the urgent case: %s", error)
        return Escalation([text("crisis_store_failed", new.language)], None)


def respond_to_crisis(
    kind: str, new: NewCase, database_url: str | None = None, level: str = "high", said: str = ""
) -> Escalation:
    """The whole crisis answer: the hotlines first (composed before the store is touched), then the case."""
    hotlines = crisis_reply(kind, new.language, level, about_someone_else(kind, said))
    opened = open_urgent_case(kind, new, database_url)
    return Escalation([hotlines, *opened.texts], opened.case_ref)
