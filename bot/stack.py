"""Start, warm up and stop the server processes: the Rasa server, the action server and the HTTP channel.

Used by `./hotline serve|stop|run` and by the integration-test fixture, so tests run the same
start-up path as users. Every process binds 127.0.0.1 only (the HTTP channel's address is configurable);
in the production profile Rasa's HTTP API requires a token (RASA_TOKEN, or one made up for this start).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RASA_ENV = ROOT / ".venv-rasa"


@dataclass
class StackConfig:
    """Where the processes listen and what they store. Defaults follow docs/contracts.md."""

    rasa_port: int = 5005
    action_port: int = 5055
    database_url: str = field(
        default_factory=lambda: os.environ.get("DATABASE_URL", f"sqlite:///{ROOT}/var/hotline.db")
    )
    # "default": SQLite tracker store; "production": PostgreSQL tracker store + Redis lock store.
    profile: str = field(default_factory=lambda: os.environ.get("HOTLINE_PROFILE", "default"))
    tracker_db_file: Path = ROOT / "var" / "tracker.db"
    tracker_database_url: str = field(default_factory=lambda: os.environ.get("TRACKER_DATABASE_URL", ""))
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    model: Path = ROOT / "models" / "current.tar.gz"
    state_dir: Path = ROOT / "var" / "run"
    extra_env: dict[str, str] = field(default_factory=dict)
    # The HTTP channel (POST /api/chat) runs only when a port is given (`serve`/`run` give HOTLINE_HTTP_PORT).
    http_port: int | None = None
    http_host: str = field(default_factory=lambda: os.environ.get("HOTLINE_HTTP_HOST") or "127.0.0.1")
    # Token for Rasa's HTTP API (trackers, events); required in the production profile.
    rasa_token: str = field(default_factory=lambda: os.environ.get("RASA_TOKEN", ""))
    # Instances of one scaled-out deployment share the HTTP port (SO_REUSEPORT), so their files carry the number.
    instance: int = 0
    # Only then may several HTTP channel processes bind the same port (never by accident beside another stack).
    http_shared: bool = False

    def __post_init__(self) -> None:
        if self.profile == "production" and not self.rasa_token:
            self.rasa_token = secrets.token_urlsafe(24)

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def http_url(self) -> str:
        """Base URL of the HTTP channel (loopback when it binds every interface)."""
        host = "127.0.0.1" if self.http_host in ("0.0.0.0", "") else self.http_host
        return f"http://{host}:{self.http_port}"

    @property
    def process_names(self) -> tuple[str, ...]:
        """The processes of this stack, in start order."""
        return ("actions", "rasa", "http") if self.http_port is not None else ("actions", "rasa")

    def _port(self, name: str) -> int | None:
        return {"rasa": self.rasa_port, "actions": self.action_port, "http": self.http_port}[name]

    def _file_stem(self, name: str) -> str:
        return f"{name}-{self._port(name)}" + (f"-{self.instance}" if self.instance else "")

    def pid_file(self, name: str) -> Path:
        """Where the pid of process `name` is kept (one per port and instance, so several stacks can coexist)."""
        return self.state_dir / f"{self._file_stem(name)}.pid"

    def log_file(self, name: str) -> Path:
        """The log of process `name`."""
        return self.state_dir.parent / "log" / f"{self._file_stem(name)}.log"


def _tracker_env(config: StackConfig) -> dict[str, str]:
    """Environment values endpoints*.yml interpolate for the chosen profile."""
    env = {"ACTION_PORT": str(config.action_port), "TRACKER_DB_FILE": str(config.tracker_db_file)}
    if config.profile == "production":
        db = urlparse(config.tracker_database_url or "postgresql://postgres@127.0.0.1:5432/test")
        redis = urlparse(config.redis_url)
        env.update(
            TRACKER_DB_HOST=db.hostname or "127.0.0.1",
            TRACKER_DB_PORT=str(db.port or 5432),
            TRACKER_DB_NAME=(db.path or "/test").lstrip("/"),
            TRACKER_DB_USER=db.username or "postgres",
            TRACKER_DB_PASSWORD=db.password or "",
            LOCK_REDIS_HOST=redis.hostname or "127.0.0.1",
            LOCK_REDIS_PORT=str(redis.port or 6379),
            LOCK_REDIS_DB=(redis.path or "/0").lstrip("/") or "0",
        )
    return env


def _process_env(config: StackConfig) -> dict[str, str]:
    env = dict(os.environ)
    env.update(_tracker_env(config))
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=config.database_url,
        RASA_URL=config.rasa_url,
        RASA_TOKEN=config.rasa_token,
        # The action server (Sanic) binds every interface unless told otherwise; only Rasa needs to reach it.
        SANIC_HOST="127.0.0.1",
        ACTION_SERVER_SANIC_WORKERS=os.environ.get("ACTION_SERVER_SANIC_WORKERS", "1"),
        # Rasa 3.6 on SQLAlchemy 1.4 prints a 2.0-migration banner on every start; it is not actionable here.
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        # Conversations on a hotline are private: Rasa's usage telemetry stays off.
        RASA_TELEMETRY_ENABLED="false",
    )
    # One math thread per process: on a small shared machine BLAS/TensorFlow thread pools only spin against each
    # other (measured: a turn's CPU time drops by about a fifth, reports/bench/lean_turn.md). Overridable.
    for variable in _SINGLE_THREAD_MATH:
        env.setdefault(variable, "1")
    env.update(config.extra_env)
    return env


# What Rasa logs when it starts but cannot load the model (it then answers /status without a model).
MODEL_LOAD_FAILED = "Could not load model"
_SINGLE_THREAD_MATH = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
)


def _commands(config: StackConfig) -> dict[str, list[str]]:
    endpoints = "endpoints.production.yml" if config.profile == "production" else "endpoints.yml"
    return {
        "actions": [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(config.action_port)],
        # `rasa run` through rasa_plugins.run: it removes two profiled hot spots of every turn first, and adds
        # RASA_TOKEN (from the environment below) as the API token, so the secret stays out of the process list.
        "rasa": [
            str(RASA_ENV / "bin" / "python"), "-m", "rasa_plugins.run", "run", "--enable-api",
            "--interface", "127.0.0.1", "--port", str(config.rasa_port),
            "--model", str(config.model.resolve()),
            "--endpoints", endpoints, "--credentials", "credentials.yml",
        ],
        "http": [
            sys.executable, "-m", "bot.cli", "http",
            "--host", config.http_host, "--port", str(config.http_port),
            *(["--reuse-port"] if config.http_shared else []),
        ],
    }  # fmt: skip


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _read_pid(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _http_json(url: str, body: dict[str, object] | None = None, timeout: float = 5.0, token: str = "") -> object:
    if token:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"token": token})
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def _stop_group(pid: int, timeout: float = 20.0) -> None:
    """SIGTERM a process group, then SIGKILL if it does not exit in time."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap our own child so it does not linger as a zombie
        time.sleep(0.2)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


class Stack:
    """The Rasa server and the action server as background processes."""

    def __init__(self, config: StackConfig | None = None) -> None:
        self.config = config or StackConfig()
        # Where each log stood when its process was started here: start-up failures are read from there on.
        self._log_starts: dict[str, int] = {}

    def running(self) -> dict[str, int]:
        """Pids of the processes of this stack that are alive."""
        pids = {name: _read_pid(self.config.pid_file(name)) for name in self.config.process_names}
        return {name: pid for name, pid in pids.items() if pid is not None}

    def start_process(self, name: str) -> int:
        """Start one process (if not already running) and return its pid."""
        existing = _read_pid(self.config.pid_file(name))
        if existing is not None:
            return existing
        if name == "rasa" and not self.config.model.exists():
            raise RuntimeError(f"No trained model at {self.config.model}; run `make train` first.")
        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        self.config.tracker_db_file.parent.mkdir(parents=True, exist_ok=True)
        log_path = self.config.log_file(name)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_starts[name] = log_path.stat().st_size if log_path.exists() else 0
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                _commands(self.config)[name],
                cwd=ROOT,
                env=_process_env(self.config),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # so stop() can end the whole process group
            )
        self.config.pid_file(name).write_text(str(process.pid))
        return process.pid

    def start(self, timeout: float = 300.0) -> None:
        """Start every process, wait until they answer, and warm the model up."""
        for name in self.config.process_names:
            self.start_process(name)
        self.wait_ready(timeout)
        self.warm_up()

    def wait_ready(self, timeout: float) -> None:
        """Block until every server answers, or raise with the tail of the failing log."""
        deadline = time.monotonic() + timeout
        checks = {
            "actions": f"http://127.0.0.1:{self.config.action_port}/health",
            "rasa": f"{self.config.rasa_url}/status",
            "http": f"{self.config.http_url}/health",
        }
        checks = {name: url for name, url in checks.items() if name in self.config.process_names}
        pending = dict(checks)
        while pending:
            for name, url in list(pending.items()):
                if _read_pid(self.config.pid_file(name)) is None:
                    raise RuntimeError(f"The {name} server exited during start-up:\n{self.log_tail(name)}")
                try:
                    answer = _http_json(url, token=self.config.rasa_token if name == "rasa" else "")
                except (urllib.error.URLError, OSError, ValueError):
                    continue
                if name != "rasa" or (isinstance(answer, dict) and answer.get("model_file")):
                    del pending[name]
                elif MODEL_LOAD_FAILED in self.log_since_start(name):
                    # Rasa keeps running without a model: say why now instead of waiting out the timeout.
                    raise RuntimeError(f"Rasa could not load the model:\n{self.log_tail(name)}")
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"Not ready after {timeout:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def warm_up(self) -> None:
        """Run one parse and one full turn so the first real user does not wait for graph warm-up."""
        _http_json(f"{self.config.rasa_url}/model/parse", {"text": "你好"}, timeout=120, token=self.config.rasa_token)
        _http_json(
            f"{self.config.rasa_url}/webhooks/rest/webhook", {"sender": "warmup", "message": "hello"}, timeout=120
        )

    def stop_process(self, name: str, timeout: float = 20.0) -> None:
        """Stop one process group: SIGTERM, then SIGKILL if it does not exit in time."""
        pid_file = self.config.pid_file(name)
        pid = _read_pid(pid_file)
        if pid is not None:
            _stop_group(pid, timeout)
        pid_file.unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop every process (the channel first, so nobody is answered by a half-stopped stack)."""
        for name in reversed(self.config.process_names):
            self.stop_process(name)

    @staticmethod
    def stop_all(state_dir: Path) -> list[str]:
        """Stop every process whose pid file is in `state_dir` (all instances); returns their names."""
        stopped = []
        for pid_file in sorted(state_dir.glob("*.pid")):
            pid = _read_pid(pid_file)
            if pid is not None:
                _stop_group(pid)
                stopped.append(pid_file.stem)
            pid_file.unlink(missing_ok=True)
        return stopped

    def log_since_start(self, name: str) -> str:
        """What process `name` has logged since this stack started it ("" when it was already running)."""
        if name not in self._log_starts:
            return ""
        try:
            with open(self.config.log_file(name), "rb") as log:
                log.seek(self._log_starts[name])
                return log.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, name: str, lines: int = 30) -> str:
        """The last lines of a process's log, for error messages."""
        try:
            return "\n".join(self.config.log_file(name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
