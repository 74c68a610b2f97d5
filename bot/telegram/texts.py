"""Interface texts of the Telegram channel (texts.yml), in the person's language."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from bot.conversation import ui_text

TEXTS_FILE = Path(__file__).with_name("texts.yml")


@functools.lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    with open(TEXTS_FILE, encoding="utf-8") as handle:
        data: dict[str, dict[str, str]] = yaml.safe_load(handle)
    return data


def text(key: str, language: str, **values: Any) -> str:
    """The text `key` in `language` (Chinese when missing), with {placeholders} filled.

    Keys not in texts.yml come from knowledge/ui.yml, the texts every channel shares.
    """
    entry = _texts().get(key)
    template = str(entry.get(language) or entry["zh"]) if entry else ui_text(key, language)
    return template.format(**values) if values else template


def human_size(size: int) -> str:
    """Bytes as a short human-readable size (e.g. 1.5 MB)."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
