"""Helpers for conversation tests: a user who talks to the hotline and sees text."""

from __future__ import annotations

import uuid

from bot.conversation import Conversation
from bot.replies import Reply


class Chat:
    """One user talking to the hotline; `say` returns what the user would read."""

    def __init__(self, conversation: Conversation, channel: str = "test") -> None:
        self.conversation = conversation
        self.channel = channel
        self.user_key = uuid.uuid4().hex[:12]
        self.last: list[Reply] = []

    @property
    def sender_id(self) -> str:
        """The id Rasa and the case store know this user by."""
        return f"{self.channel}-{self.user_key}"

    async def say(self, text: str) -> str:
        """Send `text` and return all reply texts joined (buttons as "[title]")."""
        self.last = await self.conversation.handle(self.channel, self.user_key, text)
        return render_replies(self.last)


def render_replies(replies: list[Reply]) -> str:
    """Replies as one string, the way tests assert on what the user sees."""
    parts: list[str] = []
    for reply in replies:
        parts.append(reply.text)
        parts += [f"[{button.title}]" for button in reply.buttons]
    return "\n".join(parts)
