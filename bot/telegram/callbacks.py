"""Button callback data: what a tapped inline button means, within Telegram's 64-byte limit.

Kinds: `p|<payload>` (a Rasa payload short enough to carry), `h|<digest>` (a longer payload kept here),
`claim|<ref>` (a worker claims a case), `del|yes` / `del|no` (confirming /delete_my_data).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

PAYLOAD, HASHED, CLAIM, DELETE = "p", "h", "claim", "del"
KINDS = {PAYLOAD, HASHED, CLAIM, DELETE}


@dataclass(frozen=True)
class Callback:
    """A decoded button press."""

    kind: str
    value: str


def parse(data: str | None) -> Callback | None:
    """Decode callback data; None when it is malformed (a forged or outdated button)."""
    if not data or "|" not in data:
        return None
    kind, _, value = data.partition("|")
    if kind not in KINDS or not value:
        return None
    return Callback(kind, value)


class PayloadCodec:
    """Turns Rasa payloads into callback data and back; long payloads are remembered by digest."""

    def __init__(self, max_bytes: int, memory: int) -> None:
        self.max_bytes = max_bytes
        self.memory = memory
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        """Callback data for a button carrying `payload`."""
        direct = f"{PAYLOAD}|{payload}"
        if len(direct.encode()) <= self.max_bytes:
            return direct
        digest = hashlib.sha256(payload.encode()).hexdigest()[:32]
        self._long[digest] = payload
        self._long.move_to_end(digest)
        while len(self._long) > self.memory:
            self._long.popitem(last=False)
        return f"{HASHED}|{digest}"

    def payload(self, callback: Callback) -> str | None:
        """The payload a PAYLOAD/HASHED press stands for; None if forgotten (e.g. after a restart)."""
        if callback.kind == PAYLOAD:
            return callback.value
        if callback.kind == HASHED:
            return self._long.get(callback.value)
        return None
