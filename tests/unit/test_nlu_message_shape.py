"""Reading a message's shape: emoji only, one word, unreadable, and emoji that cry or hurt."""

from __future__ import annotations

import pytest

from nlu.message_shape import answers_on_its_own, is_short_guess, read_shape


@pytest.mark.parametrize(
    ("text", "kind", "distress"),
    [
        ("😭😭😭", "emoji_only", "crying"),
        ("💔", "emoji_only", "crying"),
        ("🔪🩸", "emoji_only", "hurting"),
        ("我想割自己🔪", "text", "self_harm"),
        ("🤔", "emoji_only", None),
        ("退货", "one_word", None),
        ("help", "one_word", None),
        ("？？？。。。", "unreadable", None),
        ("200", "text", None),
        ("I got a fake bag", "text", None),
        ("直播间买的包是假的", "text", None),
    ],
)
def test_shapes(text: str, kind: str, distress: str | None) -> None:
    shape = read_shape(text)
    assert (shape.kind, shape.distress) == (kind, distress)


def test_a_thumbs_up_answers_on_its_own_but_crying_does_not() -> None:
    assert answers_on_its_own(read_shape("👍"))
    assert not answers_on_its_own(read_shape("😭"))


def test_keyboard_mashing_around_a_few_words_is_unreadable_but_real_words_are_not() -> None:
    assert read_shape("dfgh 主播 kjhg 钱").kind == "unreadable"
    assert read_shape("主播扣我工资 sdfg hjkl").kind == "text"  # a real sentence with a mash after it
    assert read_shape("MCN contract penalty, TTYL").kind == "text"


@pytest.mark.parametrize(
    ("text", "confidence", "asked_about"),
    [
        ("我被公司骗了", 0.22, True),
        ("I got scammed by my company", 0.42, True),
        ("买到假货了", 0.97, False),
        ("my wages are late", 0.73, False),
        # A long message is answered even when the classifier is unsure: its words make the case.
        ("我在直播间买了一个包，主播说是真皮，到手一看是人造革，商家还不给退", 0.30, False),
        ("I bought a bag in a live stream and the host said it was leather but it is plastic", 0.30, False),
    ],
)
def test_a_short_message_with_a_weak_reading_is_asked_about(text: str, confidence: float, asked_about: bool) -> None:
    assert is_short_guess(text, confidence) is asked_about
