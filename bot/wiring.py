"""Build the shared message path from the environment (one place, so every channel is wired alike)."""

from __future__ import annotations

import os

from bot.console import OutboxFetcher
from bot.conversation import Conversation, HandoffRelay, PendingMessages
from bot.pending import InMemoryPending
from bot.rasa_client import RasaClient


def build_pending() -> PendingMessages:
    """Redis-backed when REDIS_URL is set (messages survive a bot restart), in memory otherwise."""
    if os.environ.get("REDIS_URL"):
        from bot.pending_redis import RedisPending

        return RedisPending.from_url(os.environ["REDIS_URL"])
    return InMemoryPending()


def build_relay() -> HandoffRelay | None:
    """The human-handoff relay over the case store."""
    try:
        from bot.relay import CaseRelay
    except ImportError:  # the case store is optional for a bare NLU/dialogue run
        return None
    return CaseRelay.from_env()


def build_conversation() -> Conversation:
    """The message path every channel uses."""
    return Conversation(RasaClient(), build_pending(), build_relay())


def outbox_fetcher(channel: str, user_key: str) -> OutboxFetcher | None:
    """Fetch undelivered outbox messages for one user of `channel` (worker replies, rating requests)."""
    try:
        from bot.relay import outbox_fetcher as fetcher
    except ImportError:
        return None
    return fetcher(channel, user_key)
