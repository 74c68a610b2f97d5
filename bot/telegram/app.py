"""Build the python-telegram-bot Application (every handler wired here, in one place) and run it.

Long polling by default; a webhook with a secret token when TELEGRAM_WEBHOOK_URL is set. The Bot API
address comes from TELEGRAM_API_BASE_URL, so the same code runs against Telegram or a local stand-in.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.conversation import Conversation
from bot.flood import FloodControl, InMemoryFlood, RedisFlood
from bot.telegram import callbacks, jobs
from bot.telegram.callbacks import PayloadCodec, RedisLongPayloads
from bot.telegram.cards import CardBook, InMemoryCards, RedisCards
from bot.telegram.desk import CaseDesk
from bot.telegram.errors import error_handler
from bot.telegram.media import MediaHandlers
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.retry import RetryingRateLimiter
from bot.telegram.services import Services
from bot.telegram.settings import TelegramSettings, behaviour
from bot.telegram.users import PAYLOAD_COMMANDS, UserHandlers
from bot.telegram.workers import WorkerHandlers
from bot.typed_text import USER_COMMANDS

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
MAX_CONCURRENT_UPDATES = 64
WORKER_COMMANDS = ("cases", "take", "case", "close", "note")

# Everything a person may send that is not text, a photo or a document.
NOT_TEXT = (
    filters.Sticker.ALL | filters.VOICE | filters.VIDEO | filters.VIDEO_NOTE | filters.AUDIO | filters.ANIMATION
    | filters.LOCATION | filters.CONTACT | filters.VENUE | filters.POLL | filters.Dice.ALL | filters.STORY
)  # fmt: skip


def build_flood(settings: TelegramSettings) -> FloodControl:
    """Flood control shared through Redis when REDIS_URL is set, else per process."""
    flood = behaviour()["flood"]
    limit, window = int(flood["max_messages"]), float(flood["window_seconds"])
    if settings.redis_url:
        return RedisFlood.from_url(settings.redis_url, limit, window, prefix="hotline:tg:flood")
    return InMemoryFlood(limit, window)


def build_services(settings: TelegramSettings, conversation: Conversation, desk: CaseDesk | None) -> Services:
    """The state shared by handlers and jobs."""
    evidence_dir = Path(os.environ.get("HOTLINE_EVIDENCE_DIR") or ROOT / "var" / "evidence")
    message = behaviour()["message"]
    long_payloads = (
        RedisLongPayloads(settings.redis_url, int(message["payload_ttl_seconds"])) if settings.redis_url else None
    )
    codec = PayloadCodec(int(message["max_callback_bytes"]), int(message["payload_memory"]), long_payloads)
    cards: CardBook = RedisCards(settings.redis_url) if settings.redis_url else InMemoryCards()
    return Services(settings, conversation, build_flood(settings), desk, evidence_dir, codec, cards)


def _requests() -> tuple[HTTPXRequest, HTTPXRequest]:
    http = behaviour()["http"]
    poll = float(behaviour()["polling"]["timeout_seconds"])
    common = {
        "connect_timeout": float(http["connect_timeout_seconds"]),
        "read_timeout": float(http["read_timeout_seconds"]),
    }
    api = HTTPXRequest(connection_pool_size=int(http["connection_pool_size"]), **common)  # type: ignore[arg-type]
    # getUpdates holds its connection for the whole long poll, so its read timeout must outlast it.
    updates = HTTPXRequest(connection_pool_size=1, connect_timeout=common["connect_timeout"], read_timeout=poll + 10)
    return api, updates


def build_application(services: Services) -> Application:  # type: ignore[type-arg]
    """The Application with every handler and job of the channel."""
    settings = services.settings
    api_request, updates_request = _requests()
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.bot_api_url)
        .base_file_url(settings.file_api_url)
        .request(api_request)
        .get_updates_request(updates_request)
        .rate_limiter(RetryingRateLimiter.from_settings(behaviour()["retry"]))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .build()
    )
    application.bot_data["services"] = services
    _wire_handlers(application, services)
    _schedule_jobs(application, services)
    return application


def _wire_handlers(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    users, media = UserHandlers(services), MediaHandlers(services)
    private = filters.ChatType.PRIVATE
    any_message = filters.UpdateType.MESSAGES  # new and edited messages

    application.add_handler(TypeHandler(Update, users.flood_gate), group=-2)
    if services.desk is not None:
        workers = WorkerHandlers(services, services.desk)
        worker_chats: filters.BaseFilter = private
        if services.settings.workers_chat_id is not None:
            group = filters.Chat(chat_id=services.settings.workers_chat_id)
            worker_chats = private | group
            application.add_handler(
                MessageHandler(group & filters.TEXT & ~filters.COMMAND & filters.REPLY, workers.group_reply)
            )
        application.add_handler(
            MessageHandler(private & filters.TEXT & ~filters.COMMAND & any_message, workers.private_relay), group=-1
        )
        for name in WORKER_COMMANDS:
            application.add_handler(CommandHandler(name, getattr(workers, name), filters=worker_chats))
        application.add_handler(CallbackQueryHandler(workers.claim_button, pattern=rf"^{callbacks.CLAIM}\|"))

    application.add_handler(CommandHandler(list(PAYLOAD_COMMANDS), users.payload_command, filters=private))
    application.add_handler(CommandHandler("lang", users.lang, filters=private))
    application.add_handler(CommandHandler("privacy", users.privacy, filters=private))
    application.add_handler(CommandHandler("delete_my_data", users.delete_my_data, filters=private))
    application.add_handler(CallbackQueryHandler(users.delete_choice, pattern=rf"^{callbacks.DELETE}\|"))
    application.add_handler(CallbackQueryHandler(users.button, pattern=rf"^({callbacks.PAYLOAD}|{callbacks.HASHED})\|"))
    application.add_handler(CallbackQueryHandler(users.bad_button))
    application.add_handler(MessageHandler(private & filters.COMMAND, users.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT & any_message, users.text_message))
    application.add_handler(MessageHandler(private & NOT_TEXT, media.not_text))  # passed on during a case
    application.add_handler(MessageHandler(private & (filters.PHOTO | filters.Document.ALL), media.file))
    application.add_error_handler(error_handler(services))


def _schedule_jobs(application: Application, services: Services) -> None:  # type: ignore[type-arg]
    queue = application.job_queue
    if queue is None:
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    every = behaviour()["jobs"]
    queue.run_repeating(
        jobs.answer_kept_messages, float(every["pending_poll_seconds"]), first=1, data=services, name="kept"
    )
    if services.desk is not None:
        queue.run_repeating(
            jobs.deliver_outbox, float(every["outbox_poll_seconds"]), first=1, data=services, name="outbox"
        )
        if services.settings.workers_chat_id is not None:
            cards = jobs.CaseCards(services, services.desk, services.settings.workers_chat_id)
            queue.run_repeating(cards.run, float(every["case_poll_seconds"]), first=1, name="cards")


async def publish_commands(application: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu people see after typing "/" (failure is harmless: commands work anyway)."""
    commands = [BotCommand(name, name.replace("_", " ")) for name in USER_COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as error:
        log.warning("command menu not published: %s", error)


async def serve(application: Application, stop: asyncio.Event) -> None:  # type: ignore[type-arg]
    """Run until `stop` is set, then finish in-flight updates and shut down cleanly."""
    services: Services = application.bot_data["services"]
    settings = services.settings
    if services.desk is not None:
        await asyncio.to_thread(services.desk.prepare)
    async with application:  # initialize() … shutdown()
        await application.start()
        await publish_commands(application)
        updater = application.updater
        if updater is None:
            raise RuntimeError("the Application was built without an Updater")
        if settings.webhook_url:
            await updater.start_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=settings.webhook_path,
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("Telegram bot receiving updates by webhook at %s", settings.webhook_url)
        else:
            # Pending updates are kept (drop_pending_updates=False): messages sent while the bot was down still count.
            await updater.start_polling(
                timeout=int(behaviour()["polling"]["timeout_seconds"]), allowed_updates=Update.ALL_TYPES
            )
            log.info("Telegram bot polling %s", settings.api_base_url)
        await stop.wait()
        await updater.stop()
        await application.stop()
    await services.close()
