"""Cases and their transcripts: open, claim (single winner), relay messages, close, rate, list.

Every function takes the caller's Session; the caller's `session_scope` commits. Transcript text is masked here,
at the one place it is written, so no caller can forget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store import audit
from store.errors import AlreadyClaimed, CaseClosed, CaseErased, CaseNotFound, NotAllowed, NotAssignee
from store.masking import mask
from store.models import (
    REF_PREFIX,
    Case,
    Message,
    Priority,
    RiskLevel,
    Role,
    Status,
    Worker,
    WorkerRole,
    iso_utc,
    utcnow,
)
from store.policy import priority_for_risk, section
from store.pseudonym import pseudonym
from store.summary import case_risk, higher_risk, summary_line

_REF = re.compile(rf"^\s*(?:{REF_PREFIX})?0*(\d+)\s*$", re.IGNORECASE)
OPEN_STATUSES = (Status.WAITING.value, Status.CLAIMED.value)
FINISHED_STATUSES = (Status.CLOSED.value, Status.ERASED.value)
CRISIS_REASONS = ("suicide_risk", "danger_to_others")


@dataclass(frozen=True)
class NewCase:
    """What the bot knows when it hands a conversation to a human."""

    sender_id: str
    channel: str
    language: str
    reason: str
    priority: Priority
    service_line: str | None = None
    topic: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    transcript: Sequence[tuple[Role, str]] = ()


def parse_ref(ref: str) -> int:
    """The case id inside a reference ("HL-000123", "hl-123" or "123"); raises CaseNotFound when malformed."""
    match = _REF.match(ref or "")
    if not match:
        raise CaseNotFound(f"not a case reference: {ref!r}")
    return int(match.group(1))


def get_case(session: Session, ref: str) -> Case:
    """The case with this reference; raises CaseNotFound."""
    case = session.get(Case, parse_ref(ref))
    if case is None:
        raise CaseNotFound(f"no case {ref}")
    return case


def find_open_case(session: Session, sender_id: str) -> Case | None:
    """The waiting or claimed case of this person, if any (newest first)."""
    query = select(Case).where(Case.sender_id == sender_id, Case.status.in_(OPEN_STATUSES)).order_by(Case.id.desc())
    return session.scalars(query).first()


def latest_case(session: Session, sender_id: str) -> Case | None:
    """This person's most recent case in any status."""
    return session.scalars(select(Case).where(Case.sender_id == sender_id).order_by(Case.id.desc())).first()


def open_case(session: Session, new: NewCase) -> tuple[Case, bool]:
    """Open a case, or return the person's open one (raising its priority if the new one is higher).

    Returns (case, created). One person never has two open cases, so the worker sees one conversation.
    """
    existing = find_open_case(session, new.sender_id)
    if existing is not None:
        if new.priority.rank < Priority(existing.priority).rank:
            raise_priority(session, existing, new.priority, new.reason)
        return existing, False
    case = Case(
        sender_id=new.sender_id,
        user_pseudonym=pseudonym(new.sender_id),
        channel=new.channel,
        language=new.language,
        service_line=new.service_line,
        topic=new.topic,
        reason=new.reason,
        priority=new.priority.value,
        status=Status.WAITING.value,
        facts={key: mask(value) if isinstance(value, str) else value for key, value in new.facts.items()},
    )
    session.add(case)
    session.flush()
    for role, text in new.transcript:
        session.add(Message(case_id=case.id, role=role.value, text=mask(text)))
    session.flush()
    audit.record(session, audit.SYSTEM, "opened", case.ref, f"{case.priority} {case.reason}")
    reassess(session, case)
    return case, True


def user_messages(session: Session, case: Case) -> list[str]:
    """The person's own (masked) messages in the case, oldest first."""
    query = select(Message.text).where(Message.case_id == case.id, Message.role == Role.USER.value)
    return list(session.scalars(query.order_by(Message.id)))


def reassess(session: Session, case: Case) -> None:
    """Recompute the case's risk from every message of the person, raise the priority with it, refresh the summary.

    Risk only rises: a calmer later message does not make an earlier crisis go away.
    """
    texts = user_messages(session, case)
    level, words = case_risk(texts)
    if case.reason in CRISIS_REASONS:
        # Opened for a crisis (the model or a worker saw one) even if these words alone do not show it.
        level = higher_risk(level, RiskLevel.HIGH.value)
    if higher_risk(level, case.risk_level) == level:
        known = list(case.risk_words or [])
        if level != case.risk_level:
            audit.record(session, audit.SYSTEM, "risk_raised", case.ref, level)
            known = []
        case.risk_level = level
        case.risk_words = list(dict.fromkeys(known + words))
    wanted = priority_for_risk(case.risk_level)
    if wanted.rank < Priority(case.priority).rank:
        raise_priority(session, case, wanted, case.reason)
    case.summary = mask(summary_line(case, texts))


def raise_priority(session: Session, case: Case, priority: Priority, reason: str) -> None:
    """Make a case more urgent (e.g. a crisis message while it waits) and record why."""
    case.priority = priority.value
    case.reason = reason
    audit.record(session, audit.SYSTEM, "priority_raised", case.ref, f"{priority.value} {reason}")


def add_message(session: Session, case: Case, role: Role, text: str, worker: Worker | None = None) -> Message:
    """Append one masked line to the case transcript; a line of the person re-assesses the case's risk."""
    message = Message(case_id=case.id, role=role.value, text=mask(text), worker_id=worker.id if worker else None)
    session.add(message)
    session.flush()
    if role == Role.USER:
        reassess(session, case)
    return message


def transcript(session: Session, case: Case, last: int | None = None) -> list[Message]:
    """The transcript oldest first, or only its `last` lines."""
    query = select(Message).where(Message.case_id == case.id).order_by(Message.id.desc())
    if last is not None:
        query = query.limit(last)
    return list(reversed(list(session.scalars(query))))


def list_cases(session: Session, worker: Worker, status: str | None = None, priority: str | None = None) -> list[Case]:
    """Cases a worker may see, most urgent then oldest first (`worker` proves the caller is registered)."""
    query = select(Case)
    if status:
        query = query.where(Case.status == status)
    if priority:
        query = query.where(Case.priority == priority)
    cases = list(session.scalars(query.order_by(Case.id)))
    return sorted(cases, key=lambda case: (case.status in FINISHED_STATUSES, Priority(case.priority).rank))


def _finished_error(case: Case) -> CaseClosed:
    if case.status == Status.ERASED.value:
        holder = f", held by {case.worker.handle}" if case.worker else ""
        return CaseErased(f"{case.ref} was erased at the person's request at {iso_utc(case.erased_at)}{holder}")
    return CaseClosed(f"{case.ref} is closed")


def holder_name(worker: Worker) -> str:
    """How an error names the worker holding a case: "李社工 (li)"."""
    return worker.handle if worker.display_name == worker.handle else f"{worker.display_name} ({worker.handle})"


def _held_by_other(case: Case) -> str:
    holder = holder_name(case.worker) if case.worker else "another worker"
    return (
        f"{case.ref} is held by {holder}: ask them or a lead to transfer it "
        f"(./hotline cases transfer {case.ref} --to YOUR_HANDLE)"
    )


def may(worker: Worker, what: str, case: Case | None = None) -> bool:
    """Whether the access policy lets `worker` read `case` (what="read") or transfer it (what="transfer")."""
    if case is not None and case.worker_id == worker.id:
        return True
    access = section("access")
    rule = access["read"].get(case.status if case else "", "leads") if what == "read" else access[what]
    return rule == "any_worker" or (rule == "leads" and worker.role == WorkerRole.LEAD.value)


def read_case(session: Session, worker: Worker, ref: str, how: str = "show") -> Case:
    """The case if the access policy lets `worker` read it; every read is written to the audit log."""
    case = get_case(session, ref)
    if not may(worker, "read", case):
        audit.record(session, worker.handle, "read_refused", case.ref, how)
        session.commit()  # the refusal is audited although the caller's transaction ends in an error
        holder = holder_name(case.worker) if case.worker else "nobody"
        raise NotAllowed(f"{case.ref} is {case.status} (held by {holder}); only its worker or a lead may read it")
    audit.record(session, worker.handle, "read", case.ref, how)
    return case


def claim_case(session: Session, worker: Worker, ref: str) -> Case:
    """Give a waiting case to `worker`. Exactly one of several simultaneous claimers wins.

    The conditional UPDATE is the arbiter: the database applies it to one row at a time, and only the first
    still finds status = waiting; the others see zero rows changed and get AlreadyClaimed.
    """
    case_id = parse_ref(ref)
    result = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status == Status.WAITING.value)
        .values(status=Status.CLAIMED.value, worker_id=worker.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        case = get_case(session, ref)
        if case.status in FINISHED_STATUSES:
            raise _finished_error(case)
        if case.worker_id == worker.id:
            raise AlreadyClaimed(f"{case.ref} is already yours")
        raise AlreadyClaimed(_held_by_other(case))
    case = get_case(session, ref)
    session.refresh(case)
    audit.record(session, worker.handle, "claimed", case.ref)
    return case


def held_case(session: Session, worker: Worker, ref: str) -> Case:
    """The case if `worker` holds it; raises NotAssignee, CaseClosed or CaseNotFound otherwise."""
    case = get_case(session, ref)
    if case.status in FINISHED_STATUSES:
        raise _finished_error(case)
    if case.worker_id is None:
        raise NotAssignee(f"{case.ref} is waiting for a worker: claim it first (./hotline cases claim {case.ref})")
    if case.worker_id != worker.id:
        raise NotAssignee(_held_by_other(case))
    return case


def transfer_case(session: Session, actor: Worker, ref: str, target: Worker) -> Case:
    """Hand a waiting or held case to `target`: the holder may, and whoever the access policy allows (leads)."""
    case = get_case(session, ref)
    if case.status in FINISHED_STATUSES:
        raise _finished_error(case)
    if not may(actor, "transfer", case):
        raise NotAllowed(f"only the worker holding {case.ref} or a lead may transfer it")
    if case.worker_id == target.id:
        raise AlreadyClaimed(f"{case.ref} is already held by {holder_name(target)}")
    previous = case.worker.handle if case.worker else "nobody"
    case.worker_id = target.id
    case.status = Status.CLAIMED.value
    case.claimed_at = case.claimed_at or utcnow()
    session.flush()
    session.refresh(case)
    audit.record(session, actor.handle, "transferred", case.ref, f"{previous} -> {target.handle}")
    return case


def add_worker_reply(session: Session, worker: Worker, ref: str, text: str) -> Case:
    """Record the assignee's reply in the transcript (the caller queues it for the person)."""
    case = held_case(session, worker, ref)
    add_message(session, case, Role.WORKER, text, worker)
    audit.record(session, worker.handle, "replied", case.ref)
    return case


def close_case(session: Session, worker: Worker, ref: str, outcome: str) -> Case:
    """Close a case held by `worker`, recording the outcome (masked)."""
    case = held_case(session, worker, ref)
    case.status = Status.CLOSED.value
    case.closed_at = utcnow()
    case.outcome = mask(outcome)
    audit.record(session, worker.handle, "closed", case.ref)
    return case


def record_rating(session: Session, sender_id: str, rating: int) -> Case | None:
    """Store a 1–5 rating on this person's latest closed, unrated case; None when there is none."""
    if not 1 <= rating <= 5:
        raise ValueError(f"a rating is 1 to 5, not {rating}")
    query = (
        select(Case)
        .where(Case.sender_id == sender_id, Case.status == Status.CLOSED.value, Case.rating.is_(None))
        .order_by(Case.closed_at.desc(), Case.id.desc())
    )
    case = session.scalars(query).first()
    if case is None:
        return None
    case.rating = rating
    case.rated_at = utcnow()
    audit.record(session, audit.USER, "rated", case.ref, str(rating))
    return case
