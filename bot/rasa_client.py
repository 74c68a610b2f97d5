"""HTTP client for the Rasa server: the REST channel for messages and the HTTP API for trackers."""

from __future__ import annotations

import asyncio
import os
import weakref
from typing import Any

import httpx

from bot.replies import Reply
from rasa_plugins.message_ids import MESSAGE_ID

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


class RasaUnavailable(Exception):
    """Rasa could not be reached, failed, or did not answer in time; the message may not have been processed.

    After a timeout the turn may still run: a retry with the same message id (rasa_plugins/message_ids.py) is
    then answered with that turn's replies, never run twice.
    """


class RasaClient:
    """Talks to one Rasa server. Every channel goes through `send`."""

    def __init__(self, base_url: str | None = None, timeout: float = 30.0, token: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("RASA_URL") or DEFAULT_RASA_URL).rstrip("/")
        self.timeout = timeout
        self.token = token if token is not None else os.environ.get("RASA_TOKEN")
        # One pooled HTTP client per event loop: a turn reuses a kept-alive connection instead of opening one.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )

    def _params(self) -> dict[str, str]:
        return {"token": self.token} if self.token else {}

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
            client = self._clients[loop] = httpx.AsyncClient(timeout=self.timeout, limits=limits)
        return client

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = await self._client().request(method, self.base_url + path, params=self._params(), **kwargs)
        except httpx.HTTPError as error:
            raise RasaUnavailable(f"Rasa is not reachable at {self.base_url}: {error}") from error
        if response.status_code >= 500:
            raise RasaUnavailable(f"Rasa answered {response.status_code} for {path}")
        response.raise_for_status()
        return response.json() if response.content else None

    async def send(self, sender_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[Reply]:
        """Send one user message (text or a "/intent" payload) and return Rasa's replies."""
        body: dict[str, Any] = {"sender": sender_id, "message": text}
        if metadata:
            body["metadata"] = metadata
        answer = await self._request("POST", "/webhooks/rest/webhook", json=body)
        if not answer and not await self._recorded(sender_id, text, str((metadata or {}).get(MESSAGE_ID) or "")):
            # Rasa's REST channel answers 200 [] when it fails before the turn (e.g. its Redis lock store is gone).
            raise RasaUnavailable("Rasa answered nothing and did not record the message")
        return [Reply.from_rasa(item) for item in answer or []]

    async def _recorded(self, sender_id: str, text: str, message_id: str = "") -> bool:
        """Whether Rasa recorded the message (a silent turn it did process): by its id, else by its text."""
        events = "ALL" if message_id else "NONE"
        try:
            tracker = await self._request("GET", f"/conversations/{sender_id}/tracker?include_events={events}")
        except (RasaUnavailable, httpx.HTTPStatusError):
            return False
        if message_id:
            # Searched in every event: a retried silent turn may lie behind messages the person sent since.
            return any(
                event.get("event") == "user" and (event.get("metadata") or {}).get(MESSAGE_ID) == message_id
                for event in (tracker or {}).get("events") or []
            )
        latest = (tracker or {}).get("latest_message") or {}
        return str(latest.get("text") or "").strip() == text.strip()

    async def parse(self, text: str) -> dict[str, Any]:
        """Run only the NLU pipeline on `text` (/model/parse)."""
        result: dict[str, Any] = await self._request("POST", "/model/parse", json={"text": text})
        return result

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        """The conversation tracker of `sender_id`."""
        result: dict[str, Any] = await self._request("GET", f"/conversations/{sender_id}/tracker")
        return result

    async def append_events(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        """Append events (e.g. {"event": "resume"}) to a conversation."""
        await self._request("POST", f"/conversations/{sender_id}/tracker/events", json=events)

    async def trigger_intent(self, sender_id: str, intent: str, entities: dict[str, Any] | None = None) -> list[Reply]:
        """Make the bot act as if the user had expressed `intent`; returns the bot's messages."""
        body = {"name": intent, "entities": entities or {}}
        answer = await self._request("POST", f"/conversations/{sender_id}/trigger_intent", json=body)
        return [Reply.from_rasa(item) for item in (answer or {}).get("messages", [])]

    async def is_ready(self) -> bool:
        """True when the server is up and a model is loaded."""
        try:
            status = await self._request("GET", "/status")
        except (RasaUnavailable, httpx.HTTPStatusError):
            return False
        return bool(status and status.get("model_file"))
