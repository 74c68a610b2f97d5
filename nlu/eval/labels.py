"""Label helpers shared by the evaluation: service line of an intent and language of a text."""

from __future__ import annotations

from nlu.language import detect_language
from nlu.service_lines import SERVICE_LINE_BY_PREFIX, SERVICE_LINES, service_line_of

__all__ = ["SERVICE_LINES", "SERVICE_LINE_BY_PREFIX", "language_of", "service_line_of"]


def language_of(text: str) -> str:
    """zh / en for per-language scores; messages with no signal ("ok", "5") count as "und"."""
    return detect_language(text) or "und"
