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


def test_only_a_sentence_in_the_other_language_switches_the_reply_language() -> None:
    from nlu.language import language_switch

    assert language_switch("Can you explain in English?", "zh") == "en"
    assert language_switch("如果平台不退怎么办", "en") == "zh"
    for short in (
        "ok",
        "thanks",
        "好的",
        "8000",
        "HL-2026-0001",
        '/inform{"platform":"douyin"}',
        "/consumer_counterfeit",
    ):
        assert language_switch(short, "en") is None and language_switch(short, "zh") is None


def test_an_english_sentence_naming_a_chinese_platform_stays_english() -> None:
    from nlu.language import language_switch

    assert language_switch("I bought it on 抖音 and it is fake", "en") is None
    assert language_switch("I bought it on 抖音 and it is fake", "zh") == "en"
