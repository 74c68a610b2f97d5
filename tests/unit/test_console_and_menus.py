"""Console rendering of buttons and the service-line menus read from knowledge/menus.yml."""

from __future__ import annotations

import json

from bot.console import render, resolve_choice
from bot.replies import Button, Reply
from kb.menus import SERVICE_LINES, service_lines, service_menu
from nlu.language import detect_language

BUTTONS = (Button("买到假货", "/consumer_counterfeit"), Button("货不对板", "/consumer_not_as_described"))


def test_buttons_are_shown_as_numbered_choices() -> None:
    assert render(Reply("选一项：", BUTTONS)) == "选一项：\n  1. 买到假货\n  2. 货不对板"


def test_typing_a_number_sends_that_buttons_payload() -> None:
    assert resolve_choice(" 2 ", BUTTONS) == "/consumer_not_as_described"


def test_a_number_outside_the_choices_is_sent_as_typed() -> None:
    assert resolve_choice("3", BUTTONS) == "3"
    assert resolve_choice("花了300", BUTTONS) == "花了300"


def test_service_line_buttons_carry_the_line_as_an_entity() -> None:
    payloads = [item.payload for item in service_lines()]
    assert len(payloads) == 3
    for line, payload in zip(SERVICE_LINES, payloads, strict=True):
        intent, entities = payload.split("{", 1)
        assert intent == "/choose_service_line"
        assert json.loads("{" + entities) == {"service_line": line}


def test_every_service_line_menu_has_bilingual_topics() -> None:
    for line in SERVICE_LINES:
        items = service_menu(line)
        assert items
        assert all(item.zh and item.en and item.payload.startswith("/") for item in items)


def test_language_follows_the_script_and_ignores_messages_without_words() -> None:
    assert detect_language("我在直播间买到假货了") == "zh"
    assert detect_language("I bought a fake bag on a livestream") == "en"
    assert detect_language("抖音买的bag是fake") == "zh"
    assert detect_language("👍") is None
    assert detect_language("300") is None
    assert detect_language("/greet") is None
