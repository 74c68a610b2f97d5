"""What the `language` slot becomes after a user message: the custom slot mapping `action_detect_language`.

Pure (no Rasa SDK, no tracker type), so the Rasa server runs it in-process on every turn (rasa_plugins/local_slots.py)
instead of a round trip to the action server, and the action server's ActionDetectLanguage runs the same function.

Until some message has shown a language, the first one decides (a lone Latin word such as "hi" counts as English).
After that only a sentence in the other language switches (`nlu.language.language_switch`): "ok", numbers,
order ids and button payloads keep it, and so does a language chosen explicitly (`locked`).
"""

from __future__ import annotations

from collections.abc import Sequence

from nlu.language import detect_language, detect_opening_language, language_switch


def next_language(earlier_texts: Sequence[str], text: str, current: str | None, locked: bool) -> str | None:
    """The language to set after the user said `text` (`earlier_texts`: their messages before), or None to keep it."""
    if locked:
        return None
    if text.startswith("EXTERNAL"):  # an event injected by the server (case closed), not the user's words
        return None
    if not any(detect_language(earlier) for earlier in earlier_texts):
        detected = detect_opening_language(text)
    else:
        detected = language_switch(text, current)
    return None if detected is None or detected == current else detected
