"""Split a reply that is longer than one Telegram message, at the most natural place that fits."""

from __future__ import annotations

import re

# Where a message may end, best first: a paragraph, a line, a sentence (Chinese or Latin), a clause, a space.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[。！？!?…]+[”’」』）)\"']*|\.(?=\s)"),
    re.compile(r"[；;，,、]"),
    re.compile(r"\s"),
)


def _cut_point(window: str) -> int:
    """Index to cut `window` at: the last break of the best kind that keeps at least half the window."""
    half = len(window) // 2
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(window) if m.end() > half]
        if ends:
            return ends[-1]
    return len(window)


def split_message(text: str, limit: int) -> list[str]:
    """Pieces of `text`, each at most `limit` characters, cut at paragraph/sentence ends where possible."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest[:limit])
        piece, rest = rest[:cut].rstrip(), rest[cut:].lstrip()
        if piece:
            pieces.append(piece)
    if rest:
        pieces.append(rest)
    return pieces
