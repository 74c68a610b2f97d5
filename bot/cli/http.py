"""`./hotline http`: run the HTTP channel (POST /api/chat) against the running Rasa server."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import signal

from bot.conversation import Conversation
from bot.http_channel import CHANNEL, build_service, listen_address, serve
from bot.logs import configure_logging
from bot.rasa_client import RasaClient
from bot.wiring import build_pending, build_relay


async def _run(host: str, port: int, reuse_port: bool) -> None:
    rasa = RasaClient()
    conversation = Conversation(rasa, build_pending(CHANNEL), build_relay(rasa))
    service = build_service(conversation, os.environ.get("REDIS_URL"))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve(service, host, port, stop, reuse_port)


def main(argv: list[str]) -> int:
    """Serve until SIGINT/SIGTERM."""
    default_host, default_port = listen_address()
    parser = argparse.ArgumentParser(prog="./hotline http")
    parser.add_argument("--host", default=default_host, help="address to bind (HOTLINE_HTTP_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, default=default_port, help="port (HOTLINE_HTTP_PORT, 8080)")
    parser.add_argument("--reuse-port", action="store_true", help="share the port with the other instances")
    args = parser.parse_args(argv)
    configure_logging()  # personal data is masked before anything is written
    # httpx logs every request URL at INFO, and Rasa's API token travels in the query string.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    profile_to = os.environ.get("HOTLINE_CPROFILE")  # a folder: profile this process (./hotline turn-cpu --cprofile)
    if not profile_to:
        asyncio.run(_run(args.host, args.port, args.reuse_port))
        return 0
    profiler = cProfile.Profile()
    try:
        profiler.runcall(asyncio.run, _run(args.host, args.port, args.reuse_port))
    finally:
        profiler.dump_stats(os.path.join(profile_to, "http.prof"))
    return 0
