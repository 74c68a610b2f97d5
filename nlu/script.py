"""Traditional Chinese to Simplified, character by character, for matching and n-gram features.

The word lists and the risk model's n-grams are written in Simplified; "新聞說有人…自殺" must read like "新闻说有人…
自杀". The table (`nlu/lexicon/traditional_to_simplified.tsv`, from OpenCC) covers every Traditional character,
not only those in today's word lists, so a new pattern works in both scripts without extending the table. One
character at a time is enough for matching: phrase-level conversions (乾隆, 頭髮) change no word the lists use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).parent / "lexicon" / "traditional_to_simplified.tsv"


@lru_cache(maxsize=1)
def simplified_table() -> dict[int, str]:
    """`str.translate` table: code point of a Traditional character → its Simplified character."""
    table: dict[int, str] = {}
    for number, line in enumerate(TABLE_PATH.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        traditional, _, simplified = line.partition("\t")
        if len(traditional) != 1 or len(simplified) != 1:
            raise ValueError(f"{TABLE_PATH}:{number}: expected 'traditional<TAB>simplified', one character each")
        table[ord(traditional)] = simplified
    return table


def to_simplified(text: str) -> str:
    """`text` with every Traditional character replaced by its Simplified one (other characters unchanged)."""
    return text.translate(simplified_table())
