"""What a person types reaches Rasa as words: a leading slash can never run a command or set an intent."""

from __future__ import annotations

import pytest

from bot.typed_text import as_typed_text


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("/restart", "／restart"),
        ('/inform{"platform": "jd"}', '／inform{"platform": "jd"}'),
        ("   /stop", "／stop"),
        ("\u200b/restart", "／restart"),  # an invisible character in front does not hide the slash
        ("/delete_my_data", "/delete_my_data"),  # the erasure command works on every channel
        ("/DELETE_MY_DATA", "/DELETE_MY_DATA"),
        ("我想退货 /restart", "我想退货 /restart"),  # a slash inside a sentence is just a slash
        ("1/2 的钱退回来了", "1/2 的钱退回来了"),
    ],
)
def test_typed_text_is_never_a_rasa_command(typed: str, sent: str) -> None:
    assert as_typed_text(typed) == sent


@pytest.mark.parametrize(
    ("typed", "unknown"),
    [("/foo", True), ("/restart", True), ('/inform{"a": 1}', True), ("/lang en", False), ("/help", False),
     ("/start@hotline_bot", False), ("/", False), ("/ 你好", False), ("/退款", False), ("hello /foo", False)],
)  # fmt: skip
def test_only_a_slash_word_that_is_no_user_command_is_unknown(typed: str, unknown: bool) -> None:
    from bot.typed_text import is_unknown_command

    assert is_unknown_command(typed) is unknown
