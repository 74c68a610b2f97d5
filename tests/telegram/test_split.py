"""Long replies are split into Telegram-sized messages at natural places, losing nothing."""

from __future__ import annotations

from bot.telegram.split import split_message


def test_short_reply_stays_one_message() -> None:
    assert split_message("你好！有什么可以帮你？", 4096) == ["你好！有什么可以帮你？"]


def test_chinese_reply_is_cut_after_a_full_stop_not_inside_a_sentence() -> None:
    sentence = "根据《消费者权益保护法》第二十五条，网购商品可以七天无理由退货。"
    text = sentence * 200  # about 6,600 characters
    pieces = split_message(text, 4096)
    assert len(pieces) == 2
    assert all(len(piece) <= 4096 for piece in pieces)
    assert all(piece.endswith("。") for piece in pieces)
    assert "".join(pieces) == text


def test_english_reply_is_cut_at_a_sentence_end() -> None:
    text = " ".join(["Keep the order screenshot and the chat with the seller."] * 120)
    pieces = split_message(text, 1000)
    assert all(len(piece) <= 1000 and piece.endswith(".") for piece in pieces)
    assert " ".join(pieces) == text


def test_paragraph_break_is_preferred_to_a_sentence_end() -> None:
    first = "第一段。" * 300
    second = "第二段。" * 300
    pieces = split_message(first + "\n\n" + second, 2000)
    assert pieces[0] == first


def test_text_without_any_break_is_cut_hard_and_nothing_is_lost() -> None:
    text = "啊" * 9000
    pieces = split_message(text, 4096)
    assert [len(piece) for piece in pieces] == [4096, 4096, 808]
    assert "".join(pieces) == text
