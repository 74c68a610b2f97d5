"""The hotline's own HTTP channel: `POST /api/chat` on the same message path as the console and Telegram.

Request `{"user": "<id>", "text": "…"}` (or `"payload"` for a button the bot showed); answer
`{"replies": [{"text": "…", "buttons": [{"title": "…", "payload": "…"}]}]}`. Typed text never runs as a Rasa
command, a payload counts only if the bot showed that person the button, each person is rate-limited, and
oversized or unreadable requests get a polite answer instead of an error page. `GET /api/messages?user=<id>`
returns what arrived without a request (a social worker's replies, answers to messages kept while Rasa was down).
`ChatService` holds the logic; the Tornado handlers below only move bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
import yaml
from sqlalchemy.exc import SQLAlchemyError

from bot.conversation import Conversation, clean_text, rasa_sender_id
from bot.flood import FloodControl, FloodDecision, InMemoryFlood, RedisFlood
from bot.replies import Button, Reply
from bot.shown_buttons import InMemoryShownButtons, RedisShownButtons, ShownButtons, offered_payloads
from bot.typed_text import as_typed_text, is_unknown_command
from kb.render import pick
from nlu.language import detect_language
from store import outbox
from store.db import session_scope

CHANNEL = "http"
LANGUAGE_MEMORY = 10_000  # people whose last language the channel remembers
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """bot/http_channel.yml: limits, flood control, button memory and the channel's own texts."""
    with open(Path(__file__).with_name("http_channel.yml"), encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def channel_text(key: str, language: str | None) -> str:
    """One of the channel's texts; in both languages when the person's language is not known yet."""
    texts = settings()["texts"][key]
    if language is None:
        return f"{texts['zh']}\n{texts['en']}"
    return str(pick(texts, language))


@dataclass(frozen=True)
class ChatRequest:
    """A validated request: who, and either typed text or a button payload (never both)."""

    user: str
    text: str = ""
    payload: str | None = None
    language: str | None = None


@dataclass
class HttpAnswer:
    """What to send back: an HTTP status and the replies the person reads."""

    status: int
    replies: list[Reply] = field(default_factory=list)

    def body(self) -> bytes:
        """The JSON body of the answer."""
        replies = [
            {"text": reply.text, "buttons": [{"title": b.title, "payload": b.payload} for b in reply.buttons]}
            for reply in self.replies
        ]
        return json.dumps({"replies": replies}, ensure_ascii=False).encode("utf-8")


class BadRequest(Exception):
    """The request cannot be read; `key` names the polite text that answers it."""

    def __init__(self, key: str, status: int) -> None:
        super().__init__(key)
        self.key = key
        self.status = status


def _string_field(document: dict[str, Any], name: str, max_chars: int | None = None) -> str | None:
    value = document.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRequest("bad_request", 400)
    text = str(value)
    if max_chars is not None and len(text) > max_chars:
        raise BadRequest("bad_request", 400)
    return text


def parse_request(body: bytes) -> ChatRequest:
    """Read a `/api/chat` body; invalid UTF-8 in the text is replaced, not refused (the person still gets an answer)."""
    limits = settings()["limits"]
    if len(body) > int(limits["max_body_bytes"]):
        raise BadRequest("body_too_large", 413)
    try:
        # strict=False: raw control characters inside a string are read (and later dropped), not refused.
        document = json.loads(body.decode("utf-8", errors="replace"), strict=False)
    except (ValueError, RecursionError) as error:
        raise BadRequest("bad_request", 400) from error
    if not isinstance(document, dict):
        raise BadRequest("bad_request", 400)
    user = clean_text(_string_field(document, "user", int(limits["max_user_chars"])) or "")
    if not user:
        raise BadRequest("bad_request", 400)
    payload = _string_field(document, "payload", int(limits["max_payload_chars"]))
    text = _string_field(document, "text") or ""
    return ChatRequest(user=user, text=text, payload=payload, language=detect_language(clean_text(text)))


class ChatService:
    """The HTTP channel's behaviour, independent of the web framework (so it is testable without a socket)."""

    def __init__(
        self,
        conversation: Conversation,
        flood: FloodControl,
        shown: ShownButtons,
        database_url: str | None = None,
    ) -> None:
        self.conversation = conversation
        self.flood = flood
        self.shown = shown
        self.database_url = database_url
        # The language each person last wrote in, so a typed "/unknown" or a stale button in an English
        # conversation is answered in English (bounded; after a restart the channel texts are bilingual).
        self._languages: OrderedDict[str, str] = OrderedDict()

    def _language(self, sender_id: str, request: ChatRequest) -> str | None:
        if request.language:
            self._languages[sender_id] = request.language
            self._languages.move_to_end(sender_id)
            while len(self._languages) > LANGUAGE_MEMORY:
                self._languages.popitem(last=False)
        return self._languages.get(sender_id)

    async def answer(self, body: bytes) -> HttpAnswer:
        """Answer one `POST /api/chat` body; never raises."""
        try:
            request = parse_request(body)
        except BadRequest as error:
            return HttpAnswer(error.status, [Reply(channel_text(error.key, None))])
        try:
            return await self._answer(request)
        except Exception:  # the person must always hear something; the details go to the log
            log.exception("HTTP channel failed on a message")
            return HttpAnswer(500, [Reply(channel_text("internal_error", request.language or "zh"))])

    async def _answer(self, request: ChatRequest) -> HttpAnswer:
        sender_id = rasa_sender_id(CHANNEL, request.user)
        language = self._language(sender_id, request)
        decision = await self._flood_check(sender_id)
        if not decision.allowed:
            return HttpAnswer(429, [Reply(channel_text("rate_limited", language))])
        queued = await self._take_queued(sender_id)
        if request.payload is not None:
            if request.payload not in await self._offered(sender_id):
                log.warning("refused a payload that was not offered to %s", sender_id)
                await self._remember_buttons(sender_id, queued)
                return HttpAnswer(200, queued + [Reply(channel_text("unknown_button", language))])
            message = request.payload
        elif is_unknown_command(request.text):
            return HttpAnswer(200, queued + [Reply(channel_text("unknown_command", language))])
        else:
            message = as_typed_text(request.text)
        replies = await self.conversation.handle(CHANNEL, request.user, message, request.language)
        # Buttons of queued messages count too (a rating request after a social worker closed the case).
        await self._remember_buttons(sender_id, queued + replies)
        return HttpAnswer(200, queued + replies)

    async def messages(self, user: str) -> HttpAnswer:
        """What reached `user` without a request of theirs (`GET /api/messages`)."""
        user = clean_text(user)
        if not user or len(user) > int(settings()["limits"]["max_user_chars"]):
            return HttpAnswer(400, [Reply(channel_text("bad_request", None))])
        sender_id = rasa_sender_id(CHANNEL, user)
        replies = await self._take_queued(sender_id)
        await self._remember_buttons(sender_id, replies)
        return HttpAnswer(200, replies)

    async def answer_kept_messages(self) -> int:
        """Answer messages kept while Rasa was down and queue the answers for their people; returns how many."""
        deliveries = await self.conversation.answer_pending()
        if not deliveries:
            return 0
        try:
            await asyncio.to_thread(self._queue, [(rasa_sender_id(CHANNEL, d.user_key), d.replies) for d in deliveries])
        except SQLAlchemyError as error:  # the store is down: keep the messages; Rasa replays the answers next time
            log.error("could not queue answers to kept messages, keeping them: %s", error)
            await self.conversation.keep_again(deliveries)
            return 0
        return len(deliveries)

    def _queue(self, items: list[tuple[str, list[Reply]]]) -> None:
        with session_scope(self.database_url) as session:
            for sender_id, replies in items:
                for reply in replies:
                    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
                    outbox.enqueue(session, CHANNEL, sender_id, reply.text, buttons)

    async def _flood_check(self, sender_id: str) -> FloodDecision:
        try:
            return await self.flood.check(sender_id)
        except Exception as error:  # Redis gone: serving people matters more than counting them
            log.error("flood control unavailable, message admitted: %s", error)
            return FloodDecision(True)

    async def _offered(self, sender_id: str) -> set[str]:
        try:
            return await self.shown.offered(sender_id)
        except Exception as error:  # Redis gone: an unverifiable press is refused; the person can still type
            log.error("shown buttons unavailable, refusing the press: %s", error)
            return set()

    async def _remember_buttons(self, sender_id: str, replies: list[Reply]) -> None:
        payloads = offered_payloads(replies)
        if not payloads:
            return
        try:
            await self.shown.remember(sender_id, payloads)
        except Exception as error:  # Redis gone: the buttons just cannot be pressed; typing still works
            log.error("could not remember shown buttons: %s", error)

    async def _take_queued(self, sender_id: str) -> list[Reply]:
        limit = int(settings()["jobs"]["outbox_batch"])

        def take() -> list[Reply]:
            with session_scope(self.database_url) as session:
                rows = outbox.claim_undelivered(session, CHANNEL, recipient=sender_id, limit=limit)
                return [
                    Reply(row.text, tuple(Button(b["title"], b["payload"]) for b in outbox.buttons_of(row)))
                    for row in rows
                ]

        try:
            return await asyncio.to_thread(take)
        except SQLAlchemyError as error:  # the store is down: the queued messages wait for the next request
            log.error("outbox unavailable: %s", error)
            return []


class _JsonHandler(tornado.web.RequestHandler):
    """Common parts: JSON answers, also for errors Tornado raises itself."""

    def initialize(self, service: ChatService) -> None:
        """Tornado passes the shared service to each request's handler."""
        self.service = service

    def send(self, answer: HttpAnswer) -> None:
        """Write `answer` as the response."""
        self.set_status(answer.status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(answer.body())

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Unknown paths and methods get a JSON answer a front end can show, not an HTML page."""
        key = "not_found" if status_code in (404, 405) else "bad_request"
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(HttpAnswer(status_code, [Reply(channel_text(key, None))]).body())


class ChatHandler(_JsonHandler):
    """POST /api/chat."""

    async def post(self) -> None:
        """Answer one message."""
        self.send(await self.service.answer(self.request.body))


class MessagesHandler(_JsonHandler):
    """GET /api/messages?user=<id>."""

    async def get(self) -> None:
        """Return queued messages for the person."""
        self.send(await self.service.messages(self.get_argument("user", "")))


class HealthHandler(_JsonHandler):
    """GET /health: the channel process is up (Rasa's state is Rasa's /status)."""

    def get(self) -> None:
        """Say the process is up."""
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(b'{"status": "ok"}')


class NotFoundHandler(_JsonHandler):
    """Every other path."""

    def prepare(self) -> None:
        """Answer 404 in JSON."""
        raise tornado.web.HTTPError(404)


def build_application(service: ChatService) -> tornado.web.Application:
    """The Tornado application with the channel's routes."""
    routes: list[Any] = [
        (r"/api/chat", ChatHandler, {"service": service}),
        (r"/api/messages", MessagesHandler, {"service": service}),
        (r"/health", HealthHandler, {"service": service}),
    ]
    return tornado.web.Application(
        routes, default_handler_class=NotFoundHandler, default_handler_args={"service": service}
    )


def listen_address() -> tuple[str, int]:
    """HOTLINE_HTTP_HOST (default 127.0.0.1) and HOTLINE_HTTP_PORT (default 8080)."""
    host = os.environ.get("HOTLINE_HTTP_HOST") or DEFAULT_HOST
    return host, int(os.environ.get("HOTLINE_HTTP_PORT") or DEFAULT_PORT)


def build_service(conversation: Conversation, redis_url: str | None = None) -> ChatService:
    """The service with flood control and button memory in Redis when `redis_url` is set, else in memory."""
    flood, buttons = settings()["flood"], settings()["buttons"]
    limit, window = int(flood["max_messages"]), float(flood["window_seconds"])
    if redis_url:
        return ChatService(
            conversation,
            RedisFlood.from_url(redis_url, limit, window, prefix="hotline:http:flood"),
            RedisShownButtons.from_url(redis_url, int(buttons["ttl_seconds"])),
        )
    return ChatService(conversation, InMemoryFlood(limit, window), InMemoryShownButtons(int(buttons["memory"])))


async def _answer_kept_messages_forever(service: ChatService) -> None:
    every = float(settings()["jobs"]["pending_poll_seconds"])
    while True:
        await asyncio.sleep(every)
        try:
            await service.answer_kept_messages()
        except Exception:  # one failed round must not end the job; the next round tries again
            log.exception("answering kept messages failed")


async def serve(service: ChatService, host: str, port: int, stop: asyncio.Event, reuse_port: bool = False) -> None:
    """Listen on host:port until `stop` is set; `reuse_port` lets the instances of one deployment share the port."""
    limits = settings()["limits"]
    server = tornado.httpserver.HTTPServer(
        build_application(service),
        max_body_size=int(limits["hard_body_bytes"]),
        max_buffer_size=int(limits["hard_body_bytes"]),
        idle_connection_timeout=60,
        body_timeout=30,
    )
    # With reuse_port the kernel spreads connections over every instance bound to the port.
    server.add_sockets(tornado.netutil.bind_sockets(port, address=host, reuse_port=reuse_port))
    job = asyncio.create_task(_answer_kept_messages_forever(service))
    log.info("HTTP channel listening on http://%s:%d/api/chat", host, port)
    try:
        await stop.wait()
    finally:
        job.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await job
        server.stop()
        await server.close_all_connections()
