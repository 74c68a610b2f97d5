"""The one message path every channel uses: message in → (human or Rasa) → replies out."""

from __future__ import annotations

import functools
import logging
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import yaml

from bot.pending import KeptMessage
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.replies import Reply
from kb import checkin
from kb.render import ui_text
from nlu.language import detect_language
from nlu.risk import assess_risk
from rasa_plugins.message_ids import MESSAGE_ID, RETRY

log = logging.getLogger(__name__)

# Every crisis reply names the national psychological-assistance line; its absence means the crisis path did not run.
CRISIS_MARKER = "12356"


@functools.lru_cache(maxsize=1)
def _limits() -> dict[str, int]:
    with open(Path(__file__).with_name("limits.yml"), encoding="utf-8") as handle:
        limits: dict[str, int] = yaml.safe_load(handle)
    return limits


def rasa_sender_id(channel: str, user_key: str) -> str:
    """The conversation id Rasa, the relay and the case store share for one person on one channel."""
    return f"{channel}-{user_key}"


def clean_text(raw: str) -> str:
    """Drop control and other invisible characters (binary pastes) but keep line breaks and emoji."""
    kept = [ch for ch in raw if ch in "\n\t" or unicodedata.category(ch)[0] != "C"]
    return "".join(kept).strip()


class HandoffRelay(Protocol):
    """What the message path needs from the human-handoff side (implemented in bot/relay.py)."""

    async def intercept(self, sender_id: str, channel: str, text: str) -> list[Reply] | None:
        """Take the message if a human holds or is taking the conversation; None lets the bot answer."""

    async def open_crisis_case_offline(self, sender_id: str, channel: str, language: str, text: str) -> list[Reply]:
        """Rasa is down and the message shows crisis: open an urgent case and return the crisis reply."""


class PendingMessages(Protocol):
    """Messages kept while Rasa is down, answered once it is back (bot/pending.py)."""

    async def push(self, channel: str, user_key: str, text: str, message_id: str = "") -> None:
        """Keep a message for later (`message_id`: the id its failed attempt carried to Rasa)."""

    async def pop_all(self) -> list[KeptMessage]:
        """Take every kept message, oldest first."""


@dataclass
class Delivery:
    """Replies to deliver to a user who is not waiting on a request (e.g. answers to kept messages)."""

    channel: str
    user_key: str
    replies: list[Reply]
    # The kept message these replies answer, so a delivery that fails can be kept again (and replayed, not rerun).
    kept: KeptMessage | None = None


class Conversation:
    """Routes one user message and returns what to show the user; never raises for a user's input."""

    def __init__(
        self,
        rasa: RasaClient,
        pending: PendingMessages,
        relay: HandoffRelay | None = None,
    ) -> None:
        self.rasa = rasa
        self.pending = pending
        self.relay = relay

    async def handle(self, channel: str, user_key: str, raw_text: str, language_hint: str | None = None) -> list[Reply]:
        """Answer one message from `user_key` on `channel`."""
        text = clean_text(raw_text or "")
        language = detect_language(text) or language_hint or "zh"
        if not text:
            return [Reply(ui_text("empty_message", language))]
        notices: list[Reply] = []
        limit = _limits()["max_message_chars"]
        if len(text) > limit:
            text = text[:limit]
            notices.append(Reply(ui_text("message_too_long", language)))
        sender_id = rasa_sender_id(channel, user_key)
        if self.relay is not None:
            relayed = await self.relay.intercept(sender_id, channel, text)
            if relayed is not None:
                return notices + relayed
        message_id = uuid.uuid4().hex
        try:
            replies = await self.rasa.send(sender_id, text, metadata={MESSAGE_ID: message_id})
        except RasaUnavailable as error:
            log.warning("Rasa unavailable, keeping the message for later: %s", error)
            return notices + await self._answer_without_rasa(channel, user_key, text, language, message_id)
        answered = await self._ensure_crisis_answer(sender_id, channel, language, text, replies)
        # Rasa took the message but said nothing: never leave the person in silence.
        return notices + (answered or await self._instead_of_silence(sender_id, language))

    async def _instead_of_silence(self, sender_id: str, language: str) -> list[Reply]:
        # A paused conversation (a human holds the case) gets nothing from Rasa, nor does a turn whose action
        # failed; the person must still hear that the message arrived, in the conversation's language.
        try:
            tracker = await self.rasa.tracker(sender_id)
        except RasaUnavailable:
            tracker = {}
        language = (tracker.get("slots") or {}).get("language") or language
        return [Reply(ui_text("no_reply.paused" if tracker.get("paused") else "no_answer", language))]

    async def _ensure_crisis_answer(
        self, sender_id: str, channel: str, language: str, text: str, replies: list[Reply]
    ) -> list[Reply]:
        # Safety net: if the local assessment sees risk but no reply gave the hotlines (action server down, or
        # the model disagreed), the person still gets them. A crisis replaces whatever else came back: a legal
        # answer or a menu must not reach someone in danger.
        if self.relay is None or any(CRISIS_MARKER in reply.text for reply in replies):
            return replies
        risk = assess_risk(text)
        if risk.is_crisis:
            log.error("crisis message without a crisis reply from Rasa; answering from the local path")
            return await self.relay.open_crisis_case_offline(sender_id, channel, language, text)
        if risk.needs_care:
            log.error("concern message without a check-in from Rasa; acknowledging it from the local path")
            return [Reply(checkin.concern_reply(text, language)), *replies]
        return replies

    async def _answer_without_rasa(
        self, channel: str, user_key: str, text: str, language: str, message_id: str
    ) -> list[Reply]:
        # A crisis never waits for Rasa: the assessment (lexicon and encoder) runs here, the reply needs no model.
        risk = assess_risk(text, encode=True)
        if risk.is_crisis and self.relay is not None:
            return await self.relay.open_crisis_case_offline(rasa_sender_id(channel, user_key), channel, language, text)
        await self.pending.push(channel, user_key, text, message_id)
        unavailable = Reply(ui_text("service_unavailable", language))
        return [Reply(checkin.concern_reply(text, language)), unavailable] if risk.needs_care else [unavailable]

    async def answer_pending(self) -> list[Delivery]:
        """Once Rasa is back, answer kept messages in order; those that still fail are kept again.

        A kept message goes out with the id of its failed attempt and the retry flag: if Rasa did run that attempt
        (it timed out on our side, or Rasa died before answering), Rasa answers with that turn's replies instead
        of running it again, so the person hears it exactly once.
        """
        deliveries: list[Delivery] = []
        kept = await self.pending.pop_all()
        for index, message in enumerate(kept):
            message_id = message.message_id or uuid.uuid4().hex
            metadata = {MESSAGE_ID: message_id, RETRY: True}
            try:
                replies = await self.rasa.send(
                    rasa_sender_id(message.channel, message.user_key), message.text, metadata
                )
            except RasaUnavailable:
                await self.pending.push(message.channel, message.user_key, message.text, message_id)
                for later in kept[index + 1 :]:
                    await self.pending.push(*later)
                break
            deliveries.append(
                Delivery(message.channel, message.user_key, replies, message._replace(message_id=message_id))
            )
        return deliveries

    async def keep_again(self, deliveries: list[Delivery]) -> None:
        """The answers could not be handed on: keep their messages again (the retry replays the same turn)."""
        for delivery in deliveries:
            if delivery.kept is not None:
                await self.pending.push(*delivery.kept)
