"""Media a person sends during a case reach the worker: photos, documents, voice notes, audio and video are kept
as evidence files (size limit, SHA-256, stored as data) whose path the worker sees; a sticker goes on as its emoji.
Without an open case the person is asked for text, as before.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import rasa_sender_id
from bot.replies import Reply
from bot.telegram.language import language_of
from bot.telegram.services import CHANNEL, Services
from bot.telegram.settings import behaviour
from bot.telegram.texts import human_size
from store.policy import media_kind
from store.policy import text as handoff_text

log = logging.getLogger(__name__)
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class IncomingFile:
    """A file in a message, as Telegram describes it before download."""

    file_id: str
    filename: str
    mime: str
    size: int | None
    kind: str = "document"  # photo, document, voice, audio, video (names in knowledge/handoff.yml → media_kinds)


def incoming_file(message: Message) -> IncomingFile | None:
    """The photo (largest size), document, voice note, audio or video of `message`; None for anything else."""
    if message.photo:
        best = message.photo[-1]
        return IncomingFile(best.file_id, f"photo_{best.file_unique_id}.jpg", "image/jpeg", best.file_size, "photo")
    if message.document:
        name = _UNSAFE_NAME.sub("_", Path(message.document.file_name or "document").name)[:100]
        mime = message.document.mime_type or "application/octet-stream"
        return IncomingFile(message.document.file_id, name, mime, message.document.file_size)
    if message.voice:
        voice = message.voice
        mime = voice.mime_type or "audio/ogg"
        return IncomingFile(voice.file_id, f"voice_{voice.file_unique_id}.ogg", mime, voice.file_size, "voice")
    if message.audio:
        audio = message.audio
        mime = audio.mime_type or "audio/mpeg"
        return IncomingFile(audio.file_id, f"audio_{audio.file_unique_id}", mime, audio.file_size, "audio")
    for video in (message.video, message.video_note):
        if video is not None:
            mime = getattr(video, "mime_type", None) or "video/mp4"
            return IncomingFile(video.file_id, f"video_{video.file_unique_id}.mp4", mime, video.file_size, "video")
    return None


def store_bytes(directory: Path, content: bytes) -> tuple[str, Path]:
    """Write `content` under its SHA-256 (no extension, owner read/write only: data, never run); returns both."""
    digest = hashlib.sha256(content).hexdigest()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / digest
    if not path.exists():
        temporary = path.with_suffix(".part")
        temporary.write_bytes(content)
        os.chmod(temporary, 0o600)
        temporary.replace(path)
    return digest, path


class MediaHandlers:
    """Evidence intake for people with an open case."""

    def __init__(self, services: Services) -> None:
        self.services = services
        evidence = behaviour()["evidence"]
        self.max_bytes = int(evidence["max_bytes"])
        self.allowed = set(evidence["allowed_mime_types"])

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, video…: passed to the worker during a case; otherwise a polite request for text."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        if incoming_file(message) is not None:
            await self.file(update, context)
            return
        desk, sender_id = self.services.desk, rasa_sender_id(CHANNEL, str(user.id))
        emoji = message.sticker.emoji or "🙂" if message.sticker else None
        ref = await asyncio.to_thread(desk.relay_sticker, sender_id, emoji) if desk and emoji else None
        if ref is None:
            await self.services.say(update, context, "non_text_message")
            return
        await self._passed_on(update, context, ref, "sticker")

    async def _passed_on(self, update: Update, context: ContextTypes.DEFAULT_TYPE, ref: str, kind: str) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        language = language_of(update, context.user_data)
        line = handoff_text("media_passed_on", language, ref=ref, kind=media_kind(kind, language))
        await self.services.sender(context.bot).send(chat.id, [Reply(line)])

    async def file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo, document, voice note…: evidence for the person's open case, else a request for text."""
        message, user = update.effective_message, update.effective_user
        incoming = incoming_file(message) if message else None
        if message is None or user is None or incoming is None:
            return
        sender_id = rasa_sender_id(CHANNEL, str(user.id))
        desk = self.services.desk
        ref = await asyncio.to_thread(desk.open_case_ref, sender_id) if desk else None
        if desk is None or ref is None:
            await self.services.say(update, context, "non_text_message")
            return
        if incoming.mime not in self.allowed:
            await self.services.say(update, context, "evidence_type_refused")
            return
        limit = human_size(self.max_bytes)
        if incoming.size is not None and incoming.size > self.max_bytes:
            await self.services.say(update, context, "evidence_too_big", limit=limit)
            return
        try:
            telegram_file = await context.bot.get_file(incoming.file_id)
            content = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            log.warning("evidence download failed: %s", error)
            await self.services.say(update, context, "evidence_failed")
            return
        if len(content) > self.max_bytes:  # the announced size can be missing or wrong
            await self.services.say(update, context, "evidence_too_big", limit=limit)
            return
        # One folder per case: erasing one person's case never removes a file another case also holds.
        digest, path = await asyncio.to_thread(store_bytes, self.services.evidence_dir / ref, content)
        ref = await asyncio.to_thread(desk.add_evidence, sender_id, incoming, len(content), digest, str(path))
        if ref is None:  # the case closed meanwhile
            await self.services.say(update, context, "non_text_message")
            return
        await self.services.say(
            update, context, "evidence_saved", ref=ref, size=human_size(len(content)), digest=digest[:12]
        )
        if incoming.kind != "photo" and incoming.kind != "document":
            await self._passed_on(update, context, ref, incoming.kind)
        if message.caption:  # the words that came with the picture go to the worker like any message
            replies = await self.services.conversation.handle(CHANNEL, str(user.id), message.caption)
            await self.services.sender(context.bot).send(message.chat_id, replies)
