"""Button data fits Telegram's 64 bytes, decodes back to the Rasa payload, and bad data is recognised."""

from __future__ import annotations

from bot.replies import Button, Reply
from bot.telegram import callbacks
from bot.telegram.callbacks import PayloadCodec
from bot.telegram.keyboards import render


def test_short_payload_travels_inside_the_button() -> None:
    codec = PayloadCodec(64, 10)
    data = codec.encode('/choose_service_line{"service_line":"consumer"}')
    assert len(data.encode()) <= 64
    parsed = callbacks.parse(data)
    assert parsed is not None
    assert codec.payload(parsed) == '/choose_service_line{"service_line":"consumer"}'


def test_long_payload_is_kept_server_side_under_a_digest() -> None:
    codec = PayloadCodec(64, 10)
    payload = '/inform{"product_category":"cosmetics","platform":"douyin","money":"12000"}'
    data = codec.encode(payload)
    assert len(data.encode()) <= 64 and data.startswith("h|")
    parsed = callbacks.parse(data)
    assert parsed is not None and codec.payload(parsed) == payload


def test_forgotten_long_payload_decodes_to_nothing() -> None:
    codec = PayloadCodec(64, 1)
    first = codec.encode("/x" + "a" * 80)
    codec.encode("/y" + "b" * 80)  # pushes the first out of a one-entry memory
    parsed = callbacks.parse(first)
    assert parsed is not None and codec.payload(parsed) is None


def test_malformed_callback_data_is_rejected() -> None:
    for data in (None, "", "nonsense", "zz|x", "p|", "claim"):
        assert callbacks.parse(data) is None


def test_buttons_go_under_the_last_piece_of_a_split_reply() -> None:
    codec = PayloadCodec(64, 10)
    reply = Reply("很长的回答。" * 1000, (Button("是", "/affirm"), Button("否", "/deny")))
    messages = render([reply], codec, 4096)
    assert len(messages) == 2
    assert messages[0].keyboard is None
    assert messages[1].keyboard is not None
    titles = [row[0].text for row in messages[1].keyboard.inline_keyboard]
    assert titles == ["是", "否"]


def test_reply_with_only_buttons_still_gets_a_text() -> None:
    messages = render([Reply("", (Button("菜单", "/greet"),))], PayloadCodec(64, 10), 4096)
    assert len(messages) == 1 and messages[0].text and messages[0].keyboard is not None
