"""Handlers for people who ask the hotline for help: commands, text, buttons, data deletion, flood control."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram import callbacks
from bot.telegram.delivery import typing
from bot.telegram.language import LANGUAGE_KEY, language_of, remember_language
from bot.telegram.services import CHANNEL, Services
from bot.telegram.texts import text

log = logging.getLogger(__name__)

# Commands that are Rasa payloads (the dialogue decides what to answer, as in every other channel).
PAYLOAD_COMMANDS = {"start": "/greet", "help": "/help", "human": "/request_human", "cancel": "/stop"}
DELETE_PAYLOAD = "/delete_my_data"  # taken by the handoff relay before Rasa, whatever state the dialogue is in


class UserHandlers:
    """Everything a person can do in a private chat with the bot."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def _converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
        """Send `message` down the shared message path and deliver the replies, typing meanwhile."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return
        language = language_of(update, context.user_data)
        async with typing(context.bot, chat.id, self.services.typing_refresh()):
            replies = await self.services.conversation.handle(CHANNEL, str(user.id), message, language)
        await self.services.sender(context.bot).send(chat.id, replies)

    async def flood_gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stop a person's update when they send too much too fast (told once per window)."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != chat.PRIVATE:
            return
        decision = await self.services.flood.check(f"{CHANNEL}:{user.id}")
        if decision.allowed:
            return
        if decision.warn:
            await self.services.say(update, context, "flood_warning")
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop

    async def payload_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, /help, /human, /cancel: the matching Rasa payload (welcome + privacy + service lines, …)."""
        message = update.effective_message
        command = (message.text or "").split()[0].lstrip("/").split("@")[0].lower() if message else ""
        await self._converse(update, context, PAYLOAD_COMMANDS.get(command, "/greet"))

    async def lang(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/lang zh|en: reply in that language from now on."""
        wanted = (context.args or [""])[0].lower()
        if wanted not in ("zh", "en"):
            await self.services.say(update, context, "lang_usage")
            return
        if context.user_data is not None:
            context.user_data[LANGUAGE_KEY] = wanted
        await self._converse(update, context, '/choose_language{"language":"' + wanted + '"}')

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/privacy: what is kept, who sees it, how to erase it."""
        await self.services.say(update, context, "privacy")

    async def delete_my_data(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/delete_my_data: ask for confirmation first (erasure cannot be undone)."""
        chat = update.effective_chat
        if chat is None:
            return
        language = language_of(update, context.user_data)
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(text("delete_yes", language), callback_data=f"{callbacks.DELETE}|yes")],
                [InlineKeyboardButton(text("delete_no", language), callback_data=f"{callbacks.DELETE}|no")],
            ]
        )
        await context.bot.send_message(chat.id, text("delete_confirm", language), reply_markup=keyboard)

    async def delete_choice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The answer to the deletion question: erase everything about the person, or keep it."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        await query.answer()
        await _drop_keyboard(query)
        if query.data != f"{callbacks.DELETE}|yes":
            await self.services.say(update, context, "delete_kept")
            return
        forgetter = self.services.forgetter()
        if forgetter is not None:
            await forgetter.forget(CHANNEL, str(user.id))
        await self.services.flood.forget(f"{CHANNEL}:{user.id}")
        if context.user_data is not None:
            context.user_data.clear()
        # The relay erases cases, transcripts, evidence and queued messages (store.privacy.forget_user).
        await self._converse(update, context, DELETE_PAYLOAD)
        log.info("a person erased their data")

    async def text_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A person's text (new or edited): through the shared message path."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        remember_language(context.user_data, message.text)
        if update.edited_message is not None:
            await self.services.say(update, context, "edited_noted")
        await self._converse(update, context, message.text)

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command the bot does not know: list the ones it does."""
        await self.services.say(update, context, "unknown_command")

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, video, locations, contacts…: ask for text, politely."""
        await self.services.say(update, context, "non_text_message")

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A tapped Rasa button: acknowledge it, mark the choice, send its payload on."""
        query = update.callback_query
        if query is None:
            return
        parsed = callbacks.parse(query.data)
        payload = self.services.codec.payload(parsed) if parsed else None
        markup = query.message.reply_markup if isinstance(query.message, Message) else None
        # Only a button the bot really offered under that message counts: modified clients can send any data.
        title = _button_title(markup, query.data or "")
        language = language_of(update, context.user_data)
        if payload is None or title is None:
            await query.answer(text("button_expired", language))
            return
        await query.answer()
        await _drop_keyboard(query, text("button_chosen", language, title=title))
        await self._converse(update, context, payload)

    async def bad_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Callback data the bot cannot read (forged or from an old version): say so, change nothing."""
        query = update.callback_query
        if query is not None:
            await query.answer(text("button_expired", language_of(update, context.user_data)))


def _button_title(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button carrying `data` in `markup`."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def _drop_keyboard(query: CallbackQuery, note: str | None = None) -> None:
    """Remove the buttons under the pressed message (so they cannot be pressed twice) and note the choice."""
    if not isinstance(query.message, Message):
        return
    try:
        if note and query.message.text:
            await query.edit_message_text(f"{query.message.text}\n\n{note}", reply_markup=None)
        else:
            await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError as error:  # an old or deleted message: the choice is still handled
        log.info("could not update the pressed message: %s", error)
