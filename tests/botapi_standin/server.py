"""A local HTTP server that answers like the Telegram Bot API, for offline tests and demos.

The real python-telegram-bot `Application` talks to it through `TELEGRAM_API_BASE_URL`; it enforces
Telegram's own limits (4,096-character messages, 64-byte callback data) so a bot that passes here
does not fail on Telegram for those reasons.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.botapi_standin.state import BOT_USER, StandinState
from tests.botapi_standin.updates import chat

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
# Parameters Telegram receives as plain strings; every other form value is JSON-encoded by the client.
STRING_PARAMS = {"text", "caption", "callback_query_id", "url", "secret_token", "file_id", "action", "parse_mode"}


def callback_data(message: dict[str, Any]) -> list[str]:
    """The callback data of every inline button under `message`."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [str(button.get("callback_data")) for row in rows for button in row]


class BotApiError(Exception):
    """An error answer of the Bot API (HTTP status and description)."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Form values as Telegram reads them: strings stay strings, the rest is JSON."""
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if name in STRING_PARAMS:
            decoded[name] = value
            continue
        try:
            decoded[name] = json.loads(value)
        except ValueError:
            decoded[name] = value
    return decoded


class BotApi:
    """The Bot API methods the hotline uses, over a `StandinState`."""

    def __init__(self, state: StandinState) -> None:
        self.state = state
        self.sent: dict[tuple[int, int], dict[str, Any]] = {}

    def call(self, method: str, params: dict[str, Any]) -> Any:
        """Run one method and return its `result`, or raise BotApiError."""
        handler = getattr(self, "do_" + method, None)
        if handler is None:
            raise BotApiError(404, "Not Found: method not found")
        fault = self.state.take_fault(method)
        if fault is not None:
            if fault.status == 429:
                raise BotApiError(429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after)
            raise BotApiError(fault.status, "Internal Server Error")
        return handler(params)

    def do_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def do_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.state.webhook.get("url"):
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        timeout = min(float(params.get("timeout") or 0), 5.0)
        return self.state.wait_updates(int(params.get("offset") or 0), timeout, int(params.get("limit") or 100))

    def _store(self, chat_id: int, message_id: int, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text") or "")
        if not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise BotApiError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > MAX_CALLBACK_BYTES:
                    raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat(chat_id),
            "from": BOT_USER,
            "text": text,
        }
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        self.sent[(chat_id, message_id)] = message
        return message

    def do_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._store(int(params["chat_id"]), self.state.next_message_id(), params)

    def do_editMessageText(self, params: dict[str, Any]) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.sent:
            raise BotApiError(400, "Bad Request: message to edit not found")
        return self._store(key[0], key[1], params)

    def do_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.sent:
            raise BotApiError(400, "Bad Request: message to edit not found")
        return self._store(key[0], key[1], {**self.sent[key], "reply_markup": params.get("reply_markup")})

    def do_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    def do_sendChatAction(self, params: dict[str, Any]) -> Any:
        return True

    def do_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self.state.files:
            raise BotApiError(400, "Bad Request: invalid file_id")
        path, content = self.state.files[file_id]
        return {"file_id": file_id, "file_unique_id": "U" + file_id, "file_size": len(content), "file_path": path}

    def do_setWebhook(self, params: dict[str, Any]) -> Any:
        self.state.webhook = {"url": params.get("url"), "secret_token": params.get("secret_token")}
        with self.state.lock:
            self.state.lock.notify_all()
        return True

    def do_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.state.webhook = {}
        if params.get("drop_pending_updates"):
            with self.state.lock:
                self.state.updates.clear()
        return True

    def do_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.state.webhook.get("url") or "", "has_custom_certificate": False, "pending_update_count": 0}

    def do_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    def do_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        return True


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        """Stay quiet; calls are recorded instead."""

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._reply(status, json.dumps(payload, ensure_ascii=False).encode())

    def _params(self) -> dict[str, Any]:
        url = urllib.parse.urlsplit(self.path)
        raw = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and body:
            return {**decode_params(raw), **json.loads(body)}
        if content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {content_type}\r\n\r\n".encode()
            parsed = BytesParser(policy=HTTP).parsebytes(head + body)
            for part in parsed.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if isinstance(name, str):
                    raw[name] = part.get_content() if part.get_content_maintype() == "text" else "<file>"
        elif body:
            raw.update({k: v[-1] for k, v in urllib.parse.parse_qs(body.decode()).items()})
        return decode_params(raw)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Bot API methods (GET works for them too), file downloads and the control endpoints."""
        self._dispatch()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        """Bot API methods and the control endpoints."""
        self._dispatch()

    def _dispatch(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        parts = path.strip("/").split("/")
        state = self.server.state
        if parts[0] == "_standin":
            self._control(parts[1] if len(parts) > 1 else "")
        elif parts[0] == "file" and len(parts) > 2 and parts[1].startswith("bot"):
            wanted = "/".join(parts[2:])
            found = [content for (p, content) in state.files.values() if p == wanted]
            state.record("download", {"path": wanted}, 200 if found else 404)
            if found:
                self._reply(200, found[0], "application/octet-stream")
            else:
                self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        elif len(parts) == 2 and parts[0].startswith("bot"):
            method, params = parts[1], self._params()
            try:
                result = self.server.api.call(method, params)
            except BotApiError as error:
                state.record(method, params, error.status)
                answer: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
                if error.retry_after is not None:
                    answer["parameters"] = {"retry_after": error.retry_after}
                self._json(error.status, answer)
                return
            state.record(method, params)
            self._json(200, {"ok": True, "result": result})
        else:
            self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _control(self, action: str) -> None:
        """Drive the stand-in over HTTP (used by the command-line client)."""
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).items()}
        if action == "update":
            self._json(200, {"update_id": state.push_update(json.loads(body))})
        elif action == "file":
            file_id, unique_id = state.add_file(body, query.get("suffix", ".bin"))
            self._json(200, {"file_id": file_id, "file_unique_id": unique_id, "size": len(body)})
        elif action == "fault":
            spec = json.loads(body)
            state.fail_next(
                spec["method"], int(spec["status"]), int(spec.get("times", 1)), int(spec.get("retry_after", 1))
            )
            self._json(200, {"ok": True})
        elif action == "button":  # the latest message to chat_id carrying a button with this callback data
            chat_id, data = int(query.get("chat_id", 0)), query.get("data", "")
            with state.lock:
                found = [m for (c, _), m in self.server.api.sent.items() if c == chat_id and data in callback_data(m)]
            self._json(200 if found else 404, {"message": found[-1] if found else None})
        elif action == "calls":
            since = int(query.get("since", 0))
            with state.lock:
                calls = [{"method": c.method, "params": c.params, "status": c.status} for c in state.calls[since:]]
            self._json(200, {"calls": calls, "next": since + len(calls)})
        else:
            self._json(404, {"ok": False, "description": "unknown control action"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: StandinState
    api: BotApi

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-answer (a cancelled long poll at shutdown) is normal, not an error."""


class WebhookForwarder(threading.Thread):
    """Delivers queued updates to the webhook URL with the secret-token header, as Telegram does."""

    def __init__(self, state: StandinState) -> None:
        super().__init__(daemon=True, name="standin-webhook")
        self.state = state
        self.stopped = threading.Event()

    def run(self) -> None:
        """Forward until stopped; an update stays queued until the bot answers 200."""
        while not self.stopped.is_set():
            hook = dict(self.state.webhook)
            with self.state.lock:
                pending = list(self.state.updates) if hook.get("url") else []
                if not pending:
                    self.state.lock.wait(timeout=0.2)
                    continue
            for update in pending:
                if self._post(hook, update):
                    with self.state.lock:
                        self.state.updates = [u for u in self.state.updates if u["update_id"] != update["update_id"]]
                else:
                    self.stopped.wait(0.2)
                    break

    def _post(self, hook: dict[str, Any], update: dict[str, Any]) -> bool:
        request = urllib.request.Request(
            str(hook["url"]),
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": hook.get("secret_token") or "",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                ok = 200 <= response.status < 300
        except (urllib.error.URLError, OSError):
            ok = False
        self.state.record("webhook-delivery", {"update_id": update["update_id"], "ok": ok})
        return ok


class StandinServer:
    """The stand-in's HTTP server on 127.0.0.1, run in background threads."""

    def __init__(self, port: int, state: StandinState | None = None) -> None:
        self.state = state or StandinState()
        self.api = BotApi(self.state)
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.state, self._server.api = self.state, self.api
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="standin-http")
        self._forwarder = WebhookForwarder(self.state)

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> StandinServer:
        """Serve in the background."""
        self._thread.start()
        self._forwarder.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._forwarder.stopped.set()
        with self.state.lock:
            self.state.lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
