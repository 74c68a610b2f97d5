"""Pseudonymous user ids: an HMAC of the sender id, so reports and summaries never show who someone is."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from store.db import REPO_ROOT

KEY_FILE = REPO_ROOT / "var" / "pseudonym.key"


@functools.lru_cache(maxsize=1)
def _key() -> bytes:
    configured = os.environ.get("HOTLINE_PSEUDONYM_KEY")
    if configured:
        return configured.encode()
    path = Path(KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when two processes start together exactly one writes the key and both read the same one.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def pseudonym(sender_id: str) -> str:
    """A stable pseudonym such as u-3f9c2a1b7d04e6a8 for one Rasa sender id."""
    digest = hmac.new(_key(), sender_id.encode(), hashlib.sha256).hexdigest()
    return f"u-{digest[:16]}"
