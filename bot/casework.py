"""What a social worker does on a case, for every worker channel (CLI and Telegram): claim, reply, transfer, close.

Each step changes the store and queues what the person should read in the same transaction, so a worker's
action and the person's notice never diverge. Closing resumes the paused Rasa conversation first: if Rasa
cannot be reached the case stays open, because a closed case over a paused bot would leave the person unheard.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.alerts import notify_workers
from bot.rasa_client import RasaClient
from bot.replies import Reply
from store import outbox
from store.cases import add_worker_reply, claim_case, close_case, held_case, transfer_case, user_messages
from store.db import session_scope
from store.models import Case
from store.policy import text, worker_text
from store.workers import WorkerRef, authenticate, authenticate_ref

CLOSED_INTENT = "EXTERNAL_case_closed"


def _queue_for_person(session: Session, case: Case, replies: list[Reply]) -> None:
    for item in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in item.buttons]
        outbox.enqueue(session, case.channel, case.sender_id, item.text, buttons)


async def resume_bot(rasa: RasaClient, sender_id: str) -> None:
    """Let the bot answer this person again (raises RasaUnavailable)."""
    # A form the person started while the case waited must not ask its stale question after the human is done.
    # action_listen last: the paused tracker ended on an action, and rules only match a user turn that follows
    # the bot listening.
    events: list[dict[str, Any]] = [
        {"event": "resume"},
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "action", "name": "action_listen"},
    ]
    await rasa.append_events(sender_id, events)


def claim(who: WorkerRef, ref: str, database_url: str | None = None) -> Case:
    """Claim a waiting case for a registered worker and tell the person who has joined."""
    with session_scope(database_url) as session:
        worker = authenticate_ref(session, who)
        case = claim_case(session, worker, ref)
        joined = text("worker_joined", case.language, worker=worker.display_name, ref=case.ref)
        _queue_for_person(session, case, [Reply(joined)])
        said = user_messages(session, case)
        lines = "\n".join([case.summary, *(f"· {line}" for line in said)])
        notify_workers(session, [worker], worker_text("claimed_digest", ref=case.ref, count=len(said), lines=lines))
        return case


def transfer(who: WorkerRef, ref: str, to_handle: str, database_url: str | None = None) -> Case:
    """Hand a case to another registered worker (its holder or a lead may); both the person and they are told."""
    with session_scope(database_url) as session:
        actor = authenticate_ref(session, who)
        target = authenticate(session, handle=to_handle)
        case = transfer_case(session, actor, ref, target)
        moved = text("case_transferred", case.language, worker=target.display_name, ref=case.ref)
        _queue_for_person(session, case, [Reply(moved)])
        notify_workers(session, [target], worker_text("transferred_to_you", ref=case.ref, by=actor.display_name))
        return case


def reply(who: WorkerRef, ref: str, message: str, database_url: str | None = None) -> Case:
    """Send the assignee's message to the person (queued) and keep it, masked, in the transcript."""
    with session_scope(database_url) as session:
        worker = authenticate_ref(session, who)
        case = add_worker_reply(session, worker, ref, message)
        line = text("worker_message", case.language, worker=worker.display_name, text=message)
        _queue_for_person(session, case, [Reply(line)])
        return case


async def close(who: WorkerRef, ref: str, outcome: str, rasa: RasaClient, database_url: str | None = None) -> Case:
    """Resume the bot, ask the person for a rating (queued), then close the case with its outcome.

    Raises RasaUnavailable (case left open) when the bot cannot be resumed.
    """
    with session_scope(database_url) as session:
        worker = authenticate_ref(session, who)
        sender_id = held_case(session, worker, ref).sender_id
    await resume_bot(rasa, sender_id)
    rating_request = await rasa.trigger_intent(sender_id, CLOSED_INTENT)
    with session_scope(database_url) as session:
        worker = authenticate_ref(session, who)
        case = close_case(session, worker, ref, outcome)
        _queue_for_person(session, case, rating_request)
        return case
