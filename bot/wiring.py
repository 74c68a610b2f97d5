"""Build the shared message path from the environment (one place, so every channel is wired alike)."""

from __future__ import annotations

import os

from bot.console import OutboxFetcher
from bot.conversation import Conversation, HandoffRelay, PendingMessages
from bot.pending import FallbackPending, InMemoryPending
from bot.rasa_client import RasaClient
from bot.relay import CaseRelay
from bot.relay import outbox_fetcher as relay_outbox_fetcher


def build_pending(channel: str = "console") -> PendingMessages:
    """Redis-backed when REDIS_URL is set (messages survive a bot restart), in memory otherwise."""
    if os.environ.get("REDIS_URL"):
        from bot.pending_redis import RedisPending

        # Each channel process answers only its own kept messages; memory holds them while Redis is down.
        return FallbackPending(RedisPending.from_url(os.environ["REDIS_URL"], channels=(channel,)))
    return InMemoryPending()


def build_relay(rasa: RasaClient | None = None) -> HandoffRelay:
    """The human-handoff relay over the case store (DATABASE_URL), resuming conversations on `rasa`."""
    return CaseRelay.from_env(rasa)


def build_conversation(rasa: RasaClient | None = None) -> Conversation:
    """The message path every channel uses."""
    client = rasa or RasaClient()
    return Conversation(client, build_pending(), build_relay(client))


def outbox_fetcher(channel: str, user_key: str) -> OutboxFetcher:
    """Fetch undelivered outbox messages for one user of `channel` (worker replies, rating requests)."""
    return relay_outbox_fetcher(channel, user_key)
