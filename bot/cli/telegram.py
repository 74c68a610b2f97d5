"""`./hotline telegram`: run the Telegram bot against the Rasa and action servers already started (`make serve`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal

from bot.conversation import Conversation, PendingMessages
from bot.logs import configure_logging
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient
from bot.telegram.app import build_application, build_services, serve
from bot.telegram.desk import CaseDesk
from bot.telegram.services import CHANNEL
from bot.telegram.settings import SettingsError, TelegramSettings, behaviour
from bot.wiring import build_relay


def build_conversation(settings: TelegramSettings) -> Conversation:
    """The shared message path; kept messages in Redis (this channel's list only) when REDIS_URL is set."""
    if settings.redis_url:
        from bot.pending_redis import RedisPending

        pending: PendingMessages = RedisPending.from_url(settings.redis_url, channels=(CHANNEL,))
    else:
        pending = InMemoryPending()
    return Conversation(RasaClient(), pending, build_relay())


async def run(settings: TelegramSettings) -> None:
    """Run until SIGINT/SIGTERM, then shut down cleanly (in-flight updates finish, nothing is dropped)."""
    conversation = build_conversation(settings)
    desk = CaseDesk(card_last_messages=int(behaviour()["workers"]["card_last_messages"]))
    application = build_application(build_services(settings, conversation, desk))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve(application, stop)


def main(argv: list[str]) -> int:
    """Entry point of `./hotline telegram [--log-level LEVEL]`."""
    parser = argparse.ArgumentParser(prog="./hotline telegram", description=__doc__)
    levels = ["DEBUG", "INFO", "WARNING", "ERROR"]
    parser.add_argument("--log-level", default=os.environ.get("HOTLINE_LOG_LEVEL", "INFO").upper(), choices=levels)
    args = parser.parse_args(argv)
    configure_logging(args.log_level)  # personal data is masked before anything is written
    for chatty in ("httpx", "apscheduler"):  # a line per Bot API call or job run would drown the log
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
    try:
        settings = TelegramSettings.from_env()
    except SettingsError as error:
        print(f"[telegram] {error}")
        return 2
    asyncio.run(run(settings))
    return 0
