"""Throwaway PostgreSQL and Redis servers on free ports, so fault tests can stop and restart them.

The machine's own PostgreSQL (5432) and Redis (6379) are never touched: each server here has its own data
directory under a temp folder and is removed when the test session ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.ports import free_port

PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), Path("/usr/bin"))


def _wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nothing answers on port {port}")


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temp folder (trust auth on 127.0.0.1), run as the `postgres` user under root."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="hotline-faults-pg-"))
        self.data = self.folder / "data"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of its `postgres` database."""
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> ThrowawayPostgres:
        """Create the cluster (first time) and start it."""
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        if not self.data.exists():
            self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l", str(self.folder / "log"),
                  "start")  # fmt: skip
        _wait_for_port(self.port)
        return self

    def restart(self) -> None:
        """Stop fast (every open connection is cut) and start again."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.start()

    def remove(self) -> None:
        """Stop and delete the cluster."""
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class ThrowawayRedis:
    """A redis-server without persistence on a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """redis:// URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> ThrowawayRedis:
        """Start (or start again on the same port)."""
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port)
        return self

    def kill(self) -> None:
        """Gone at once, as in a crash (everything it held is lost)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)
            self.process = None
