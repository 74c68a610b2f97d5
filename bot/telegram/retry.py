"""Retries for calls to Telegram: wait out 429 (RetryAfter) and back off on network errors.

Plugged in as PTB's rate limiter, so every Bot API call made by any handler or job gets it (getUpdates
is excluded by PTB; the updater retries polling itself). PTB's AIORateLimiter would also throttle, but
needs the `aiolimiter` package and does not retry network errors, which is what loses messages here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


def _seconds(retry_after: int | dt.timedelta) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else float(retry_after)


class RetryingRateLimiter(BaseRateLimiter[int]):
    """Retries one Bot API call up to `max_attempts` times; `rate_limit_args` overrides the attempts."""

    def __init__(
        self,
        max_attempts: int,
        base_delay: float,
        max_delay: float,
        max_retry_after: float,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._sleep = sleep

    @classmethod
    def from_settings(cls, retry: dict[str, Any]) -> RetryingRateLimiter:
        """Build from the `retry` section of settings.yml."""
        return cls(
            int(retry["max_attempts"]),
            float(retry["base_delay_seconds"]),
            float(retry["max_delay_seconds"]),
            float(retry["max_retry_after_seconds"]),
        )

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _delay(self, error: Exception, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None if `error` must not be retried."""
        if isinstance(error, RetryAfter):
            wait = _seconds(error.retry_after)
            return wait if wait <= self.max_retry_after else None
        # BadRequest/Forbidden/InvalidToken subclass NetworkError in PTB but will fail the same way again.
        if isinstance(error, (BadRequest, Forbidden, InvalidToken)) or not isinstance(error, NetworkError):
            return None
        # A timed-out send may have reached Telegram; a rare duplicate is better than a lost answer.
        backoff = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return backoff * random.uniform(0.8, 1.2)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Call `callback`, retrying as described in the class docstring."""
        attempts = rate_limit_args or self.max_attempts
        for attempt in range(1, attempts + 1):
            try:
                return await callback(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - classified by _delay; anything else is re-raised
                delay = self._delay(error, attempt)
                if delay is None or attempt == attempts:
                    raise
                log.warning("Telegram %s failed (%s), attempt %d/%d, retrying in %.1fs", endpoint,
                            type(error).__name__, attempt, attempts, delay)  # fmt: skip
                await self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")
