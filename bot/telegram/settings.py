"""Settings of the Telegram channel: secrets and addresses from the environment, behaviour from settings.yml."""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

SETTINGS_FILE = Path(__file__).with_name("settings.yml")


@functools.lru_cache(maxsize=1)
def behaviour() -> dict[str, Any]:
    """The parsed settings.yml."""
    with open(SETTINGS_FILE, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


class SettingsError(ValueError):
    """The environment does not describe a runnable bot; the message says what to set."""


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the channel needs to start."""

    token: str
    api_base_url: str
    workers_chat_id: int | None = None
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # A fresh secret per start is enough: the same process registers the webhook and checks the header.
    webhook_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    redis_url: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> TelegramSettings:
        """Read TELEGRAM_* (and REDIS_URL) from `env` or the process environment."""
        env = dict(os.environ if env is None else env)
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token.")
        workers = env.get("TELEGRAM_WORKERS_CHAT_ID", "").strip()
        if workers and not workers.lstrip("-").isdigit():
            raise SettingsError(
                f"TELEGRAM_WORKERS_CHAT_ID must be a numeric chat id such as -1001234567890, not {workers!r}."
            )
        web = behaviour()["webhook"]
        return cls(
            token=token,
            api_base_url=(env.get("TELEGRAM_API_BASE_URL") or behaviour()["api_base_url"]).rstrip("/"),
            workers_chat_id=int(workers) if workers else None,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or web["listen"],
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or web["port"]),
            redis_url=env.get("REDIS_URL") or None,
        )

    @property
    def bot_api_url(self) -> str:
        """Base URL of the Bot API methods (PTB fills in {token})."""
        return self.api_base_url + "/bot{token}"

    @property
    def file_api_url(self) -> str:
        """Base URL of file downloads (PTB fills in {token})."""
        return self.api_base_url + "/file/bot{token}"

    @property
    def webhook_path(self) -> str:
        """The path the webhook listener serves: the path of TELEGRAM_WEBHOOK_URL (behind a reverse proxy)."""
        return urlsplit(self.webhook_url or "").path.strip("/") or "telegram"
