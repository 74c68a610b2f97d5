"""Ports for test servers: a configured one when set, otherwise a free one the OS hands out.

Tests never use a fixed port, so a hotline or a Bot API stand-in started by hand (README: port 5480) and
several test runs side by side do not collide.
"""

from __future__ import annotations

import os
import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_from_env(variable: str) -> int:
    """The port in `variable` if it is set, else a free one, remembered in `variable` for the rest of the run.

    Remembering matters: pytest may import a conftest twice (as `conftest` and as `tests.telegram.conftest`), and
    both copies must agree on the port.
    """
    configured = os.environ.get(variable, "").strip()
    if not configured:
        configured = os.environ[variable] = str(free_port())
    return int(configured)
