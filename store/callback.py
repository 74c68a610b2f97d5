"""Call-back consent: a phone number is kept (for the holding worker only) when the person asks for a call.

Every other phone number is masked before it is stored. The consent words live in knowledge/handoff.yml
(`callback`); the number is shown by `store.summary.callback_for` only to the worker holding the case.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from store import audit
from store.masking import phone_numbers
from store.models import CallbackConsent, Case, utcnow
from store.policy import section


def asks_for_a_call(text: str) -> bool:
    """Whether the message asks for (or agrees to) a phone call."""
    lowered = text.lower()
    return any(word.lower() in lowered for word in section("callback")["consent_words"])


def record_consent(session: Session, case: Case, raw_text: str) -> CallbackConsent | None:
    """Keep the number of a message that gives one and asks for a call; None when it does not do both.

    `raw_text` is the message before masking; only the number is kept, and the audit line holds no number.
    """
    numbers = phone_numbers(raw_text)
    if not numbers or not asks_for_a_call(raw_text):
        return None
    consent = CallbackConsent(case_id=case.id, number=numbers[-1], consented_at=utcnow())
    session.add(consent)
    session.flush()
    audit.record(session, audit.USER, "callback_consent", case.ref)
    return consent
