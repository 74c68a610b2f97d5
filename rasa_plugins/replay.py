"""A retried message that Rasa already ran is answered with that turn's replies, not run again (rasa env).

Why: the message path keeps a message whose attempt failed or timed out and sends it again later. A timeout does
not mean the turn did not run; on a busy machine Rasa may finish it after the caller gave up. Running it twice
would answer the person twice and record the message twice. The check runs inside Rasa's per-conversation lock,
so a retry that arrives while the first attempt is still running waits for it and then finds it.
Only messages flagged as retries (rasa_plugins/message_ids.py) pay for the extra tracker read.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Event, UserUttered

from rasa_plugins.message_ids import MESSAGE_ID, RETRY

_ORIGINAL_HANDLE = MessageProcessor.handle_message


def replies_of(events: list[Event], message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages of the turn started by the user message `message_id`; None if no such message."""
    replies: list[dict[str, Any]] | None = None
    for event in events:
        if isinstance(event, UserUttered):
            if replies is not None:
                break
            if (event.metadata or {}).get(MESSAGE_ID) == message_id:
                replies = []
        elif isinstance(event, BotUttered) and replies is not None:
            replies.append(event.message())
    return replies


async def handle_message(self: MessageProcessor, message: UserMessage) -> list[dict[str, Any]] | None:
    """`MessageProcessor.handle_message`, answering a retry of an already-run message from the tracker."""
    metadata = message.metadata or {}
    message_id = metadata.get(MESSAGE_ID)
    if metadata.get(RETRY) and message_id:
        tracker = await self.tracker_store.retrieve(message.sender_id)
        replies = replies_of(list(tracker.events), str(message_id)) if tracker is not None else None
        if replies is not None:
            for reply in replies:
                await message.output_channel.send_response(message.sender_id, reply)
            if isinstance(message.output_channel, CollectingOutputChannel):
                return message.output_channel.messages
            return None
    return await _ORIGINAL_HANDLE(self, message)


def install() -> None:
    """Install in this process (before the server starts handling messages)."""
    MessageProcessor.handle_message = handle_message  # type: ignore[method-assign]
