"""What a person types is text: never a Rasa command ("/restart") or an intent with entities ("/inform{…}").

Rasa reads any message that starts with "/" (after stripping whitespace) as `/intent{entities}`. Replacing the
leading slash with a full-width slash keeps the message readable for the NLU and for a social worker, but Rasa
no longer executes it. Button payloads are the only way to send an intent, and channels check those separately.
"""

from __future__ import annotations

from bot.conversation import clean_text

COMMAND_PREFIX = "/"
TEXT_SLASH = "／"  # U+FF0F FULLWIDTH SOLIDUS
# Commands the message path itself handles for every channel (bot/relay.py), so they pass unchanged.
PATH_COMMANDS = frozenset({"/delete_my_data"})
# The commands a person may type (Telegram's menu); the others pass as text, read by the NLU ("／lang en").
USER_COMMANDS = ("start", "help", "lang", "human", "privacy", "delete_my_data", "cancel")


def as_typed_text(raw: str) -> str:
    """`raw` cleaned of control characters, with a leading "/" made harmless unless it is a path command."""
    text = clean_text(raw)
    if text.startswith(COMMAND_PREFIX) and text.lower() not in PATH_COMMANDS:
        return TEXT_SLASH + text[len(COMMAND_PREFIX) :]
    return text


def is_unknown_command(raw: str) -> bool:
    """True for a typed "/word" that is none of the user commands ("/foo", "/restart"): it gets the command list."""
    text = clean_text(raw)
    words = text[len(COMMAND_PREFIX) :].split(maxsplit=1) if text.startswith(COMMAND_PREFIX) else []
    command = words[0].split("@")[0].lower() if words else ""
    return bool(command) and command.isascii() and command not in USER_COMMANDS
