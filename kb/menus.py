"""Service-line menus (knowledge/menus.yml)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from kb.knowledge import document

SERVICE_LINES = ("consumer", "merchant", "streamer")


@dataclass(frozen=True)
class MenuItem:
    """One button of a menu: an intent (with optional entities) and its label in both languages."""

    intent: str
    zh: str
    en: str
    entities: tuple[tuple[str, str], ...] = ()

    def title(self, language: str) -> str:
        """The button label in `language`."""
        return self.en if language == "en" else self.zh

    @property
    def payload(self) -> str:
        """The Rasa payload the button sends, e.g. /choose_service_line{"service_line":"consumer"}."""
        if not self.entities:
            return f"/{self.intent}"
        return f"/{self.intent}{json.dumps(dict(self.entities), ensure_ascii=False, separators=(',', ':'))}"


def _item(raw: dict[str, object]) -> MenuItem:
    entities = raw.get("entities") or {}
    assert isinstance(entities, dict)
    return MenuItem(
        intent=str(raw["intent"]),
        zh=str(raw["zh"]),
        en=str(raw["en"]),
        entities=tuple(sorted((str(k), str(v)) for k, v in entities.items())),
    )


def service_lines() -> list[MenuItem]:
    """The three service lines, shown after the greeting."""
    return [_item(raw) for raw in document("menus.yml")["lines"]]


def service_menu(service_line: str) -> list[MenuItem]:
    """The topic buttons for a service line (consumer, merchant or streamer)."""
    return [_item(raw) for raw in document("menus.yml")[service_line]]
