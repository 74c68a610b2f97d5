"""Find entity mentions in a message and give each its normalised value (see docs/contracts.md).

Rule-based on purpose: values must be exact ("1.2w" → "12000") and no pretrained model can be downloaded
here. The Rasa component `nlu.components.entity_extractor` wraps `find_entities`; the app can call it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from nlu.normalise import canonical, load_entity_lexicon, parse_days_ago, parse_money, surface_map


@dataclass(frozen=True)
class EntitySpan:
    """One extracted entity: character offsets into the original text and the normalised value."""

    entity: str
    start: int
    end: int
    text: str
    value: str


_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[零〇一二两兩三四五六七八九十百千万萬亿億壹贰叁肆伍陆柒捌玖拾佰仟]+(?:[点點][一二三四五六七八九零]+)?)"
)
_MONEY_UNIT = r"(?:元|块钱|块|塊錢|塊|圆|rmb|yuan|cny|kuai|bucks)"
_MULT = r"(?:w|k|万|萬|千|亿)"
# Units after a number that mean it is not money ("5万粉丝", "3千单", "14岁").
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:粉|人|次|个|個|件|单|單|条|條|岁|歲|天|日|号|號|月|年|周|星期|小时|小時|分钟|点|%|％|斤|公斤|克|"
    r"播放|观看|觀看|赞|讚|字|楼|樓|followers|fans|views|viewers|people|orders|times|days|hours|years|"
    r"months|weeks|%|percent|likes)",
    re.IGNORECASE,
)
_MONEY_RE = re.compile(
    rf"(?P<cur>[¥￥]|rmb ?|cny ?)?(?P<num>{_NUM})\s*(?P<mult>{_MULT})?\s*(?P<unit>{_MONEY_UNIT})?",
    re.IGNORECASE,
)
_DAYS_RE = re.compile(
    r"(?:大前天|前天|昨天|昨日|前日|the day before yesterday|yesterday|last week|last month)"
    r"|(?:上个?|上個)(?:周|星期|礼拜|禮拜|月)(?![一二三四五六日天末])"
    # "今天" is mostly about prices ("今天只要99"); only a receipt or purchase today counts.
    r"|今天(?=才?(?:收|到|买|買|下单|下單|签|簽))"
    r"|(?:\d{4}年)?\d{1,2}月\d{1,2}(?:日|号|號)"
    r"|(?:上个?|这个?|這個?|本)(?:周|星期|禮拜|礼拜)[一二三四五六日天]"
    r"|(?:last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:on )?(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b"
    r"|(?:\d+|[一二两兩三四五六七八九十半]+)\s*(?:天|个星期|個星期|星期|周|个礼拜|个月|個月)(?=以前|之前|前|了|没|沒|都)"
    r"|(?:(?<=才)|(?<=已经)|(?<=已經))(?:\d+|[一二两兩三四五六七八九十半]+)\s*(?:天|个星期|星期|周|个月|個月)"
    r"|(?:\d+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r" (?:days?|weeks?|months?)(?= ago\b)"
    r"|(?<=for )(?:the (?:past|last) )?\d+ days?\b",
    re.IGNORECASE,
)
_ORDER_AFTER_CONTEXT = r"\s*(?:是|为|為|:|：|#|is|号|號|no\.?|number)?\s*#?\s*(?P<id>[A-Za-z0-9][A-Za-z0-9-]{5,39})"
_ORDER_STANDALONE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,4}\d{8,}(?![A-Za-z0-9])")
_RATING_RE = re.compile(
    r"(?:(?P<n1>[1-5一二三四五])\s*(?:分(?!钟|鐘)|星|颗星|顆星|stars?\b|/5|out of 5\b))"
    r"|(?:(?:rate|rating|评分|評分|打分)[\s:：]*(?:it |you |this )?(?:a )?(?P<n2>[1-5])\b)",
    re.IGNORECASE,
)
_STARS_RE = re.compile(r"(?:⭐|★){1,5}")
_SELF_IDENT = re.compile(
    r"(?:我是|我系|本人是|我做|我在做|我当|我是做|i'?m an?|i am an?|i work as an?|as an?|i)"
    r"\s*(?:个|個|一个|一名|一個|开店的|開店的|做)?\s*$",
    re.IGNORECASE,
)
_LANGUAGE_CUE = re.compile(
    r"(说|說|讲|講|用|切换|切換|换成|換成|改成|请|請|回复|回覆|/lang|reply|speak|switch|talk|write|answer|"
    r"\bin\b|please|prefer|can you)",
    re.IGNORECASE,
)


# What may surround a language name for the message to count as a choice ("English please", "中文吧").
_BARE_LANGUAGE_REST = frozenset({"", "吧", "啦", "的", "please", "pls", "plz", "?", "？"})


@lru_cache(maxsize=8)
def _lexicon_regex(entity: str) -> re.Pattern[str]:
    """One alternation of every surface form, longest first; Latin words need word boundaries."""
    words = sorted(surface_map(entity), key=len, reverse=True)
    parts = [rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])" if re.search(r"[a-z0-9]", w) else re.escape(w) for w in words]
    return re.compile("|".join(parts), re.IGNORECASE)


def _lexicon_spans(entity: str, text: str) -> list[EntitySpan]:
    spans = []
    for m in _lexicon_regex(entity).finditer(text):
        value = canonical(entity, m.group(0))
        if value:
            spans.append(EntitySpan(entity, m.start(), m.end(), m.group(0), value))
    return spans


def _money_spans(text: str) -> list[EntitySpan]:
    lexicon = load_entity_lexicon()["money_context"]
    cues = [c.lower() for c in lexicon["zh"] + lexicon["en"]]
    lowered = text.lower()
    spans = []
    for m in _MONEY_RE.finditer(text):
        if not m.group("num") or not re.search(r"\d|[一二两兩三四五六七八九十百千万萬]", m.group("num")):
            continue
        start, end = m.start(), m.end()
        raw = text[start:end].rstrip()
        after = text[m.end() :]
        if _NOT_MONEY_AFTER.match(after) and not m.group("unit"):
            continue
        before = lowered[max(0, start - 6) : start].rstrip()
        has_marker = bool(m.group("cur") or m.group("unit"))
        # "3千", "1.2w", "一万五": a multiplier makes a bare number an amount.
        has_mult = (bool(m.group("mult")) and re.search(r"\d", m.group("num")) is not None) or bool(
            re.search(r"[一二两兩三四五六七八九十][千万萬]", m.group("num"))
        )
        has_cue = any(before.endswith(c) or before.endswith(c + " ") for c in cues) or any(
            c in before for c in cues if len(c) >= 2 and not c.isascii()
        )
        if not (has_marker or has_mult or has_cue):
            continue
        # A bare Chinese numeral with a cue still needs to look like an amount ("才三天" is not money).
        if re.fullmatch(r"[一二两兩三四五六七八九十]", m.group("num")) and not has_marker:
            continue
        value = parse_money(raw)
        if value is not None and raw:
            spans.append(EntitySpan("money", start, start + len(raw), raw, value))
    return spans


def _days_spans(text: str, today: date) -> list[EntitySpan]:
    work_words = tuple(load_entity_lexicon()["work_duration_before"])
    spans = []
    for m in _DAYS_RE.finditer(text):
        surface = m.group(0)
        if text[: m.start()].rstrip().endswith(work_words):
            continue
        # Include "ago" in the surface for English so the slot text reads naturally.
        tail = re.match(r" ago\b", text[m.end() :], re.IGNORECASE)
        end = m.end() + (tail.end() if tail else 0)
        value = parse_days_ago(surface, today)
        if value is not None:
            spans.append(EntitySpan("days_ago", m.start(), end, text[m.start() : end], value))
    return spans


def _order_spans(text: str) -> list[EntitySpan]:
    contexts = sorted(load_entity_lexicon()["order_context"], key=len, reverse=True)
    pattern = re.compile("(?:" + "|".join(re.escape(c) for c in contexts) + ")" + _ORDER_AFTER_CONTEXT, re.IGNORECASE)
    spans = []
    for m in pattern.finditer(text):
        ident = m.group("id")
        if re.search(r"\d{4,}", ident):
            spans.append(EntitySpan("order_id", m.start("id"), m.end("id"), ident, ident))
    for m in _ORDER_STANDALONE.finditer(text):
        spans.append(EntitySpan("order_id", m.start(), m.end(), m.group(0), m.group(0)))
    return spans


def _rating_spans(text: str) -> list[EntitySpan]:
    spans = []
    for m in _RATING_RE.finditer(text):
        group = "n1" if m.group("n1") else "n2"
        raw = m.group(group)
        value = raw if raw.isdigit() else str(chinese_digit(raw))
        spans.append(EntitySpan("rating", m.start(group), m.end(group), raw, value))
    star = _STARS_RE.search(text)
    if star and not spans:
        spans.append(EntitySpan("rating", star.start(), star.end(), star.group(0), str(len(star.group(0)))))
    return spans


def chinese_digit(char: str) -> int:
    """A single Chinese digit 一..五 as an int (rating values)."""
    return "一二三四五".index(char) + 1


def _service_line_spans(text: str) -> list[EntitySpan]:
    # Only self-identification ("我是商家", "I'm a seller") or the bare word: "主播说…" names someone else.
    compact = text.strip().strip("。.!！~ ")
    spans = []
    for span in _lexicon_spans("service_line", text):
        bare = compact.lower() in (span.text.lower(), span.text.lower() + "的")
        if bare or _SELF_IDENT.search(text[max(0, span.start - 14) : span.start]):
            spans.append(span)
    return spans


def _language_spans(text: str) -> list[EntitySpan]:
    # A language name is a choice only in a short message or next to a switching verb ("没有中文标签" is not).
    spans = []
    for span in _lexicon_spans("language", text):
        around = text[max(0, span.start - 12) : span.end + 8]
        rest = (text[: span.start] + text[span.end :]).strip(" .!。！~").lower()
        if rest in _BARE_LANGUAGE_REST or _LANGUAGE_CUE.search(around):
            spans.append(span)
    return spans


def _drop_overlaps(spans: list[EntitySpan]) -> list[EntitySpan]:
    """Keep the longest span where mentions overlap (e.g. "三天前" is days_ago, not money)."""
    kept: list[EntitySpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def find_entities(text: str, today: date | None = None) -> list[EntitySpan]:
    """All entity mentions in `text` with normalised values; `today` anchors days_ago (default: today)."""
    if not text or text.startswith("/") and "{" in text:
        return []
    today = today or date.today()
    spans = (
        _days_spans(text, today)
        + _order_spans(text)
        + _money_spans(text)
        + _rating_spans(text)
        + _lexicon_spans("platform", text)
        + _lexicon_spans("product_category", text)
        + _service_line_spans(text)
        + _language_spans(text)
    )
    return _drop_overlaps(spans)
