"""What the Bot API stand-in remembers: queued updates, recorded calls, sent messages, files, faults."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Hotline", "username": "hotline_standin_bot"}


@dataclass
class Call:
    """One Bot API request the bot made (method name and decoded parameters)."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    status: int = 200


@dataclass
class Fault:
    """An error to return for the next `times` calls of `method` (429 with retry_after, or 5xx)."""

    method: str
    status: int
    times: int = 1
    retry_after: int = 1


class StandinState:
    """Thread-safe state shared by the HTTP handler and the test (or command-line) driving it."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.files: dict[str, tuple[str, bytes]] = {}
        self.webhook: dict[str, Any] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)

    # --- driven by the test ----------------------------------------------------------------
    def push_update(self, update: dict[str, Any]) -> int:
        """Queue one update (without update_id) for getUpdates or the webhook; returns its id."""
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **update})
            self.lock.notify_all()
        return update_id

    def add_file(self, content: bytes, suffix: str) -> tuple[str, str]:
        """Store a file the way Telegram would after an upload; returns (file_id, file_unique_id)."""
        with self.lock:
            number = next(self._file_ids)
        file_id, unique_id = f"FILE{number:06d}", f"U{number:06d}"
        self.files[file_id] = (f"documents/file_{number}{suffix}", content)
        return file_id, unique_id

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        """Make the next `times` calls of `method` fail with `status` (429 carries `retry_after`)."""
        with self.lock:
            self.faults.append(Fault(method, status, times, retry_after))

    def next_message_id(self) -> int:
        """A fresh message id (shared by injected and sent messages, as in a real chat)."""
        with self.lock:
            return next(self._message_ids)

    def calls_of(self, method: str, predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        """Recorded successful calls of `method`, optionally filtered."""
        with self.lock:
            found = [c for c in self.calls if c.method == method and c.status == 200]
        return [c for c in found if predicate is None or predicate(c)]

    # --- used by the HTTP handler ----------------------------------------------------------
    def take_fault(self, method: str) -> Fault | None:
        """Consume one planned fault for `method`, if any."""
        with self.lock:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def record(self, method: str, params: dict[str, Any], status: int = 200) -> None:
        """Remember a call (also failed ones, so tests can count attempts)."""
        with self.lock:
            self.calls.append(Call(method, params, status=status))
            self.lock.notify_all()

    def wait_updates(self, offset: int, timeout: float, limit: int = 100) -> list[dict[str, Any]]:
        """Long-poll: updates with id >= offset, waiting up to `timeout` seconds for the first one."""
        deadline = time.monotonic() + timeout
        with self.lock:
            # Confirmed updates (id < offset) are forgotten, as Telegram does.
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.lock.wait(timeout=max(0.0, deadline - time.monotonic()))
            return list(self.updates[:limit])
