"""Reading a message's shape: emoji only, one word, unreadable, and emoji that cry or hurt."""

from __future__ import annotations

import pytest

from nlu.message_shape import answers_on_its_own, read_shape


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
