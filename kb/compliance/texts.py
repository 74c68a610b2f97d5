"""The claim checker's texts, from knowledge/merchant/texts.yml."""

from __future__ import annotations

from typing import Any

from kb.knowledge import document
from kb.render import pick


def text(key: str, language: str, **params: Any) -> str:
    """A checker text in `language` with its {placeholders} filled."""
    return str(pick(document("merchant/texts.yml")[key], language)).format(**params)
