"""Per-message language detection used for the reply language."""

from __future__ import annotations

from nlu.language import detect_language, detect_opening_language


def test_any_chinese_makes_a_mixed_message_chinese() -> None:
    assert detect_language("抖音上买的bag是fake") == "zh"


def test_traditional_script_is_chinese() -> None:
    assert detect_language("請問怎麼退貨") == "zh"


def test_plain_english_is_english() -> None:
    assert detect_language("my order never arrived") == "en"


def test_messages_without_signal_keep_the_previous_language() -> None:
    assert detect_language("ok") is None
    assert detect_language("👍") is None
    assert detect_language("/lang en") is None


def test_a_lone_latin_word_opens_in_english_but_emoji_numbers_and_commands_do_not() -> None:
    assert detect_opening_language("hi") == "en"
    assert detect_opening_language("Hello!") == "en"
    assert detect_opening_language("hi 我想问一下") == "zh"
    for text in ("👍", "5", "/start", ""):
        assert detect_opening_language(text) is None
    assert detect_language("hi") is None  # later in a conversation a lone word keeps the current language
