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


def as_typed_text(raw: str) -> str:
    """`raw` cleaned of control characters, with a leading "/" made harmless unless it is a path command."""
    text = clean_text(raw)
    if text.startswith(COMMAND_PREFIX) and text.lower() not in PATH_COMMANDS:
        return TEXT_SLASH + text[len(COMMAND_PREFIX) :]
    return text
