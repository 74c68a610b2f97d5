"""How a typed answer to a check-in question is read (kb.checkin.read_answer)."""

from __future__ import annotations

import pytest

from kb.checkin import read_answer


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("有", "yes"),
        ("有，前几天晚上想过", "yes"),
        ("有时候会这样想", "yes"),
        ("对，有过", "yes"),
        ("没有", "no"),
        ("没，就是太累了", "no"),
        ("不会吧", "no"),
        ("no, never", "no"),
        ("nothing like that", "unclear"),
        ("不想回答", "skip"),
        # A new message, not an answer: read again, never taken for a yes or a no.
        ("有人把我家地址发到直播间弹幕里了，还说要来找我", "unclear"),
        ("是这样的，我想先问一下工资的事", "unclear"),
    ],
)
def test_a_typed_answer_is_read_as_yes_no_skip_or_not_an_answer(text: str, answer: str) -> None:
    assert read_answer(text) == answer
