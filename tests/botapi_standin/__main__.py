"""Run the Bot API stand-in from the command line, and chat with the bot through it.

python -m tests.botapi_standin serve --port 5480          # then TELEGRAM_API_BASE_URL=http://127.0.0.1:5480
python -m tests.botapi_standin chat --port 5480 --user 42 # type lines as Telegram user 42
python -m tests.botapi_standin fault --port 5480 sendMessage 429 --retry-after 2
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from tests.botapi_standin import updates
from tests.botapi_standin.server import StandinServer


def _control(port: int, action: str, body: Any = None, query: str = "") -> Any:
    data = json.dumps(body).encode() if body is not None else None
    url = f"http://127.0.0.1:{port}/_standin/{action}{query}"
    with urllib.request.urlopen(
        urllib.request.Request(url, data=data, method="POST" if data else "GET"), timeout=10
    ) as answer:
        return json.loads(answer.read())


def _print_bot_messages(port: int, chat_id: int, stop: threading.Event) -> None:
    """Show what the bot sends to `chat_id`, buttons as numbered callback data."""
    since = 0
    while not stop.is_set():
        answer = _control(port, "calls", query=f"?since={since}")
        since = answer["next"]
        for call in answer["calls"]:
            params = call["params"]
            if call["method"] in ("sendMessage", "editMessageText") and int(params.get("chat_id", 0)) == chat_id:
                print(f"\nbot> {params.get('text')}")
                for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
                    for button in row:
                        print(f"     [{button['text']}]  /press {button.get('callback_data')}")
        time.sleep(0.3)


def _chat(port: int, user_id: int) -> int:
    stop = threading.Event()
    threading.Thread(target=_print_bot_messages, args=(port, user_id, stop), daemon=True).start()
    print("Type messages; '/press DATA' taps a button; Ctrl-D quits.")
    message_id = 1
    for line in sys.stdin:
        text = line.rstrip("\n")
        message_id += 1
        if text.startswith("/press "):
            data = text[7:].strip()
            query = "?" + urllib.parse.urlencode({"chat_id": user_id, "data": data})
            try:
                source = _control(port, "button", query=query)["message"]
            except urllib.error.HTTPError:
                print("no such button in this chat")
                continue
            _control(port, "update", updates.callback_query(f"C{message_id}", user_id, data, source))
        elif text:
            _control(port, "update", {"message": updates.message(message_id, user_id, None, text)})
    stop.set()
    return 0


def main(argv: list[str]) -> int:
    """Entry point: serve | chat | fault."""
    parser = argparse.ArgumentParser(prog="python -m tests.botapi_standin")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the stand-in until Ctrl-C")
    serve.add_argument("--port", type=int, default=5480)
    chat = sub.add_parser("chat", help="chat with the bot as one Telegram user")
    chat.add_argument("--port", type=int, default=5480)
    chat.add_argument("--user", type=int, default=4200001)
    fault = sub.add_parser("fault", help="make the next call(s) of a method fail")
    fault.add_argument("--port", type=int, default=5480)
    fault.add_argument("method")
    fault.add_argument("status", type=int)
    fault.add_argument("--times", type=int, default=1)
    fault.add_argument("--retry-after", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "chat":
        return _chat(args.port, args.user)
    if args.command == "fault":
        spec = {"method": args.method, "status": args.status, "times": args.times, "retry_after": args.retry_after}
        print(_control(args.port, "fault", spec))
        return 0
    server = StandinServer(args.port).start()
    print(f"Bot API stand-in on {server.base_url} (TELEGRAM_API_BASE_URL={server.base_url})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
