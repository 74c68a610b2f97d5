"""The error handler: log (masked) and, where a person is waiting, apologise. It never raises."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.replies import Reply
from bot.telegram.language import language_of
from bot.telegram.services import Services
from bot.telegram.texts import text
from store.masking import mask

log = logging.getLogger(__name__)


ErrorCallback = Callable[[object, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def error_handler(services: Services) -> ErrorCallback:
    """Build the error callback for `services` (registered once in app.py)."""

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log what failed without personal data; tell the person in a private chat to try again."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(error, Forbidden):  # the person blocked the bot: nothing to say, nobody to say it to
            log.info("update %s: bot blocked by the user", update_id)
            return
        log.error("update %s failed: %s: %s", update_id, type(error).__name__, mask(str(error)),
                  exc_info=(type(error), error, error.__traceback__) if error else None)  # fmt: skip
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        if update.effective_chat.type != update.effective_chat.PRIVATE:
            return
        try:
            reply = Reply(text("error_generic", language_of(update, context.user_data)))
            await services.sender(context.bot).send(update.effective_chat.id, [reply])
        except TelegramError as second:
            log.error("could not apologise for update %s: %s", update_id, second)
        except Exception:  # noqa: BLE001 - the error handler itself must never raise
            log.exception("error handler failed for update %s", update_id)

    return on_error
