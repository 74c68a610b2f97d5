"""`./hotline turn-cpu`: CPU milliseconds per turn of every server process, one person at a time through /api/chat.

CPU time (user + system, from /proc, every process of each server's group) does not grow with the machine's
load the way latency does, so it measures what a turn costs on a shared machine. The simulated people of
`./hotline bench` (bot/bench_people.yml) talk one after another, each turn waiting for its answer; nothing is
measured until every script ran once (code and knowledge load lazily). Prints one JSON line per round and the
median over the rounds; writes nothing. The stack runs on free ports, in the production profile by default
(PostgreSQL trackers and case store in a database of its own, Redis lock store in a Redis database of its own).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import socket
import statistics
import time
import uuid
from pathlib import Path

import httpx

from bot.cli.bench import _fresh_database, cpu_seconds, scripts
from bot.stack import ROOT, Stack, StackConfig


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(profile: str, postgres: str, redis: str) -> StackConfig:
    config = StackConfig(
        rasa_port=_free_port(),
        action_port=_free_port(),
        http_port=_free_port(),
        profile=profile,
        state_dir=ROOT / "var" / "turn-cpu" / "run",
        tracker_db_file=ROOT / "var" / "turn-cpu" / "tracker.db",
        database_url=f"sqlite:///{ROOT}/var/turn-cpu/hotline.db",
    )
    if profile == "production":
        url = _fresh_database(postgres, "hotline_turn_cpu")
        config.database_url = config.tracker_database_url = url
        config.redis_url = redis
        config.extra_env = {"REDIS_URL": redis}
    return config


async def _talk(client: httpx.AsyncClient, base_url: str, tag: str) -> tuple[int, list[float]]:
    """Every script once, one person after another; returns the number of turns and their wall times (s)."""
    walls: list[float] = []
    for name, lines in scripts().items():
        person = f"{tag}-{name}-{uuid.uuid4().hex[:6]}"
        for line in lines:
            started = time.perf_counter()
            response = await client.post(f"{base_url}/api/chat", json={"user": person, "text": line})
            response.raise_for_status()
            walls.append(time.perf_counter() - started)
    return len(walls), walls


@dataclasses.dataclass
class Round:
    """One measured round: every script once."""

    turns: int
    cpu_ms_per_turn: dict[str, float]
    wall_ms_median: float

    @property
    def total(self) -> float:
        """CPU ms per turn of the whole stack."""
        return round(sum(self.cpu_ms_per_turn.values()), 1)


async def measure(stack: Stack, rounds: int) -> list[Round]:
    """Warm up, then `rounds` rounds of every script; CPU ms per turn of each process in each round."""
    results: list[Round] = []
    async with httpx.AsyncClient(timeout=300) as client:
        await _talk(client, stack.config.http_url, "warm-up")
        for number in range(rounds):
            before = {name: cpu_seconds(pid) for name, pid in stack.running().items()}
            turns, walls = await _talk(client, stack.config.http_url, f"round{number}")
            after = {name: cpu_seconds(pid) for name, pid in stack.running().items()}
            per_turn = {name: round((after[name] - before[name]) * 1000 / turns, 1) for name in after}
            results.append(Round(turns, per_turn, round(statistics.median(walls) * 1000, 1)))
            print(json.dumps({**dataclasses.asdict(results[-1]), "cpu_ms_per_turn_total": results[-1].total}))
    return results


def main(argv: list[str]) -> int:
    """Start a stack, measure, stop it."""
    parser = argparse.ArgumentParser(prog="./hotline turn-cpu", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds of every script (after a warm-up)")
    parser.add_argument("--profile", choices=("production", "default"), default="production")
    parser.add_argument("--postgres", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6", help="a Redis database only this uses")
    parser.add_argument(
        "--cprofile", help="a folder: run Rasa and the HTTP channel under cProfile, write rasa.prof, http.prof"
    )
    args = parser.parse_args(argv)
    stack = Stack(_config(args.profile, args.postgres, args.redis))
    if args.cprofile:  # the profiler's own overhead inflates the CPU numbers of that run
        Path(args.cprofile).mkdir(parents=True, exist_ok=True)
        stack.config.extra_env["HOTLINE_CPROFILE"] = str(Path(args.cprofile).resolve())
    try:
        stack.start(timeout=900)
        results = asyncio.run(measure(stack, args.rounds))
    finally:
        stack.stop()
    median = {name: statistics.median(r.cpu_ms_per_turn[name] for r in results) for name in results[0].cpu_ms_per_turn}
    total = statistics.median(r.total for r in results)
    print(json.dumps({"profile": args.profile, "median_cpu_ms_per_turn": median, "median_total": total}))
    return 0
