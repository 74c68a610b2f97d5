"""`./hotline bench`: simulated people through the HTTP channel, bare Rasa on the same model, one instance and two.

A benchmark, not a test: it prints numbers and writes reports/bench/ (load.json, load.md, latency.png); nothing
asserts on them. Everything runs on loopback in the production profile (PostgreSQL trackers and case store in a
database of its own, Redis lock store in a Redis database of its own) and is bounded in people, turns and time.

Scenarios (people run the scripts in bot/bench_people.yml; each person waits for a reply before typing again):
- `think`: N people with a pause between messages (the issue's "20 people, 2 s think time"): each pause is the
  think time ±50 %, each person starts at a random moment within the first pause, and each seat runs three
  conversations in turn (seeded, so runs repeat);
- `saturation`: M people with no pause, two conversations per seat; messages/s is the throughput sustained;
each through `POST /api/chat` (the hotline) and straight to Rasa's REST webhook (bare Rasa), then `saturation`
again with two instances (two Rasa + two action servers + two HTTP workers sharing PostgreSQL and Redis).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import itertools
import json
import os
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import create_engine, text

from bot.rasa_client import RasaClient
from bot.stack import ROOT, Stack, StackConfig
from kb.render import ui_text

REPORT_DIR = ROOT / "reports" / "bench"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
WARM_UP_PEOPLE = 9  # one of each script, before anything is measured
# Each pause is the think time ± this share (uniform, mean = the think time).
THINK_SPREAD = 0.5
LATE_ANSWER_SECONDS = 90.0  # how long the bench waits for answers to messages kept while Rasa was busy

# Sends one message for one person; returns how many replies came back (0 = lost) and whether the answer only
# said the message was kept for later (Rasa timed out or was unavailable), or raises on an error.
Send = Callable[[str, str], Awaitable[tuple[int, bool]]]


def _holding_texts() -> set[str]:
    """Answers that are not the answer: the message was kept, or could not be handled now."""
    return {ui_text(key, language) for key in ("service_unavailable", "no_answer") for language in ("zh", "en")}


def scripts() -> dict[str, list[str]]:
    """The simulated people's conversations (bot/bench_people.yml)."""
    with open(Path(__file__).resolve().parents[1] / "bench_people.yml", encoding="utf-8") as handle:
        loaded: dict[str, list[str]] = yaml.safe_load(handle)["scripts"]
    return loaded


def _group_pids(leader: int) -> list[int]:
    """Every process in the process group `leader` started (Rasa and Sanic fork workers)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == leader:  # field 5 of /proc/PID/stat: process group
            pids.append(int(stat.parent.name))
    return pids


def resident_mib(leader: int) -> float:
    """Resident memory of a process group, in MiB."""
    total = 0
    for pid in _group_pids(leader):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
        except OSError:
            continue
    return total / 1024


def cpu_seconds(leader: int) -> float:
    """User + system CPU time used so far by a process group."""
    total = 0
    for pid in _group_pids(leader):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU time every core spent busy since boot (all processes: servers, this client, PostgreSQL, Redis, others)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def client_seconds() -> float:
    """CPU time of this process (the simulated people share the machine with the servers)."""
    times = os.times()
    return times.user + times.system


@dataclasses.dataclass
class Turn:
    """One message a simulated person sent."""

    person: str
    text: str
    started: float
    seconds: float
    replies: int
    error: str | None = None
    deferred: bool = False


@dataclasses.dataclass
class Scenario:
    """What one load scenario measured."""

    name: str
    target: str
    people: int
    think_seconds: float
    turns: list[Turn]
    wall_seconds: float
    cpu_seconds: dict[str, float]
    # The bench's own CPU and the whole machine's busy CPU over the scenario: what the servers could not use.
    client_cpu_seconds: float = 0.0
    machine_cpu_seconds: float = 0.0
    duplicated: int = 0
    delivered_late: int = 0

    def summary(self) -> dict[str, Any]:
        """The numbers for the report."""
        answered = [t.seconds * 1000 for t in self.turns if t.error is None and t.replies > 0 and not t.deferred]
        deferred = sum(1 for t in self.turns if t.deferred)
        cuts = statistics.quantiles(answered, n=100) if len(answered) >= 2 else [float("nan")] * 99
        errors: dict[str, int] = {}
        for turn in self.turns:
            if turn.error is not None:
                errors[turn.error] = errors.get(turn.error, 0) + 1
        cpu_total = sum(self.cpu_seconds.values())
        return {
            "scenario": self.name,
            "target": self.target,
            "people": self.people,
            "think_seconds": self.think_seconds,
            "messages": len(self.turns),
            "answered": len(answered),
            "p50_ms": round(cuts[49], 1),
            "p95_ms": round(cuts[94], 1),
            "p99_ms": round(cuts[98], 1),
            "max_ms": round(max(answered, default=float("nan")), 1),
            "messages_per_second": round(len(answered) / self.wall_seconds, 2),
            "errors": errors,
            "kept_for_later": deferred,
            "delivered_later": self.delivered_late,
            # Bare Rasa stays silent once a conversation is paused for a human (the hotline's relay answers there).
            "silent": sum(1 for t in self.turns if t.error is None and t.replies == 0),
            "lost": deferred
            - self.delivered_late
            + (sum(1 for t in self.turns if t.error is None and t.replies == 0) if self.target == "hotline" else 0),
            "duplicated": self.duplicated,
            "cpu_ms_per_message": {
                name: round(seconds * 1000 / max(1, len(self.turns)), 1) for name, seconds in self.cpu_seconds.items()
            },
            "cpu_ms_per_message_total": round(cpu_total * 1000 / max(1, len(self.turns)), 1),
            "client_cpu_ms_per_message": round(self.client_cpu_seconds * 1000 / max(1, len(self.turns)), 1),
            "machine_cpu_ms_per_message": round(self.machine_cpu_seconds * 1000 / max(1, len(self.turns)), 1),
            # Share of all cores busy: a second instance can add at most the idle rest (1 / this, as a ratio).
            "machine_busy_share": round(
                self.machine_cpu_seconds / max(1e-9, self.wall_seconds * (os.cpu_count() or 1)), 2
            ),
        }


async def _person(
    name: str, lines: list[str], send: Send, think: float, turns: list[Turn], pauses: random.Random
) -> None:
    for line in lines:
        started = time.perf_counter()
        try:
            replies, deferred = await send(name, line)
            turns.append(Turn(name, line, started, time.perf_counter() - started, replies, deferred=deferred))
        except (httpx.HTTPError, ValueError) as error:
            label = (
                f"HTTP {error.response.status_code}"
                if isinstance(error, httpx.HTTPStatusError)
                else type(error).__name__
            )
            turns.append(Turn(name, line, started, time.perf_counter() - started, 0, label))
        if think:
            await asyncio.sleep(pauses.uniform(1 - THINK_SPREAD, 1 + THINK_SPREAD) * think)


async def _lane(
    conversations: list[tuple[str, list[str]]], send: Send, think: float, turns: list[Turn], pauses: random.Random
) -> None:
    """One seat of the bench: its people one after another. With a think time the seat starts at a random moment
    within the first pause, so the people do not all type in the same instant (lockstep waves are no one's day)."""
    if think:
        await asyncio.sleep(pauses.uniform(0, think))
    for name, lines in conversations:
        await _person(name, lines, send, think, turns, pauses)


async def drive(
    people: int, think: float, sends: list[Send], tag: str, rounds: int = 1
) -> tuple[list[Turn], float, dict[str, str]]:
    """Run `people` simulated people at once, each seat `rounds` conversations in turn (seat i uses
    sends[i % len(sends)]); returns turns, wall time and every person's name. Pauses are seeded, so runs repeat."""
    plan = list(itertools.islice(itertools.cycle(scripts().values()), people * rounds))
    turns: list[Turn] = []
    names = {f"{tag}-{i}-{uuid.uuid4().hex[:6]}": lines for i, lines in enumerate(plan)}
    seats: list[list[tuple[str, list[str]]]] = [[] for _ in range(people)]
    for index, conversation in enumerate(names.items()):
        seats[index % people].append(conversation)
    started = time.perf_counter()
    await asyncio.gather(
        *(_lane(seat, sends[i % len(sends)], think, turns, random.Random(f"{tag}-{i}")) for i, seat in enumerate(seats))
    )
    return turns, time.perf_counter() - started, {name: "" for name in names}


def http_sender(client: httpx.AsyncClient, base_url: str) -> Send:
    """One message through the hotline's HTTP channel."""

    holding = _holding_texts()

    async def send(person: str, line: str) -> tuple[int, bool]:
        response = await client.post(f"{base_url}/api/chat", json={"user": person, "text": line})
        response.raise_for_status()
        replies = response.json()["replies"]
        return len(replies), any(reply["text"] in holding for reply in replies)

    return send


def rasa_sender(client: httpx.AsyncClient, rasa_url: str) -> Send:
    """One message straight to Rasa's REST webhook (what the hotline adds is measured against this)."""

    async def send(person: str, line: str) -> tuple[int, bool]:
        # The same sender id the HTTP channel would use, so the actions treat both runs alike.
        body = {"sender": f"http-{person}", "message": line}
        response = await client.post(f"{rasa_url}/webhooks/rest/webhook", json=body)
        response.raise_for_status()
        return len(response.json()), False

    return send


async def collect_late_answers(client: httpx.AsyncClient, stacks: list[Stack], turns: list[Turn]) -> int:
    """Poll GET /api/messages (as the web page would) for people whose message was kept; count late answers."""
    waiting = {turn.person: 0 for turn in turns if turn.deferred}
    for turn in turns:
        if turn.deferred:
            waiting[turn.person] += 1
    delivered = 0
    deadline = time.monotonic() + LATE_ANSWER_SECONDS
    while waiting and time.monotonic() < deadline:
        for person in list(waiting):
            for stack in stacks:
                response = await client.get(f"{stack.config.http_url}/api/messages", params={"user": person})
                got = 1 if response.status_code == 200 and response.json()["replies"] else 0
                delivered += min(got, waiting[person])
                waiting[person] -= got
            if waiting[person] <= 0:
                del waiting[person]
        await asyncio.sleep(2)
    return delivered


async def count_duplicates(rasa: RasaClient, sender_ids: list[str], turns: list[Turn], prefix: str = "http-") -> int:
    """Messages Rasa recorded more often than they were sent (a retried send answered twice)."""
    sent: dict[tuple[str, str], int] = {}
    for turn in turns:
        if turn.error is None:
            sent[(prefix + turn.person, turn.text.strip())] = sent.get((prefix + turn.person, turn.text.strip()), 0) + 1
    duplicated = 0
    for sender_id in sender_ids:
        events = (await rasa.tracker(prefix + sender_id))["events"]
        seen: dict[str, int] = {}
        for event in events:
            # The two-stage fallback re-reads a misunderstood message; that is one message, not two.
            if (
                event["event"] == "user"
                and (event.get("parse_data") or {}).get("intent", {}).get("name") != "nlu_fallback"
            ):
                seen[event["text"]] = seen.get(event["text"], 0) + 1
        duplicated += sum(max(0, count - sent.get((prefix + sender_id, t), 0)) for t, count in seen.items())
    return duplicated


async def run_scenario(
    name: str, target: str, people: int, think: float, stacks: list[Stack], use_http: bool, rounds: int = 1
) -> Scenario:
    """One scenario against `stacks` (all of them share the people)."""
    limits = httpx.Limits(max_connections=people + 10, max_keepalive_connections=people + 10)
    async with httpx.AsyncClient(timeout=300, limits=limits) as client:
        sends = [
            http_sender(client, s.config.http_url) if use_http else rasa_sender(client, s.config.rasa_url)
            for s in stacks
        ]
        before = {f"{n}-{i}": cpu_seconds(pid) for i, s in enumerate(stacks) for n, pid in s.running().items()}
        tag = f"{name.split()[0]}-{target.replace(' ', '-')}-{len(stacks)}"
        client_before, machine_before = client_seconds(), machine_busy_seconds()
        turns, wall, senders = await drive(people, think, sends, tag, rounds)
        after = {f"{n}-{i}": cpu_seconds(pid) for i, s in enumerate(stacks) for n, pid in s.running().items()}
        scenario = Scenario(name, target, people, think, turns, wall, {k: after[k] - before.get(k, 0.0) for k in after})
        scenario.client_cpu_seconds = client_seconds() - client_before
        scenario.machine_cpu_seconds = machine_busy_seconds() - machine_before
        if use_http:
            scenario.delivered_late = await collect_late_answers(client, stacks, turns)
    rasa = RasaClient(stacks[0].config.rasa_url, token=stacks[0].config.rasa_token)
    scenario.duplicated = await count_duplicates(rasa, list(senders), turns)
    return scenario


def _bench_config(index: int, base_port: int, database_url: str, redis_url: str, state: Path) -> StackConfig:
    ports = base_port + 10 * index
    return StackConfig(
        rasa_port=ports,
        action_port=ports + 1,
        http_port=ports + 2,
        profile="production",
        database_url=database_url,
        tracker_database_url=database_url,
        redis_url=redis_url,
        state_dir=state / "run",
        rasa_token=os.environ.get("RASA_TOKEN") or "bench-" + uuid.uuid4().hex,
        extra_env={"REDIS_URL": redis_url},
    )


def _fresh_database(server_url: str, name: str) -> str:
    """Drop and create database `name` on the PostgreSQL at `server_url` (the bench's own, never `test`)."""
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def write_plot(scenarios: list[Scenario], path: Path) -> None:
    """Latency distribution (CDF) of every scenario."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(9, 5))
    for scenario in scenarios:
        values = sorted(t.seconds * 1000 for t in scenario.turns if t.error is None and t.replies > 0)
        if values:
            axis.plot(values, [(i + 1) / len(values) for i in range(len(values))], label=scenario.name)
    axis.set_xscale("log")
    axis.set_xlabel("reply latency (ms, log scale)")
    axis.set_ylabel("share of messages answered within")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> int:
    """Start the stacks, run the scenarios, stop everything, write reports/bench/."""
    parser = argparse.ArgumentParser(prog="./hotline bench")
    parser.add_argument("--think-people", type=int, default=20)
    parser.add_argument("--think-seconds", type=float, default=2.0)
    parser.add_argument("--think-rounds", type=int, default=3, help="conversations per person in the think scenario")
    parser.add_argument("--saturation-people", type=int, default=50)
    parser.add_argument("--saturation-rounds", type=int, default=2, help="conversations per person at saturation")
    parser.add_argument("--base-port", type=int, default=5700, help="instance i uses base+10i .. base+10i+2")
    parser.add_argument("--postgres", default="postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5", help="a Redis database only the bench uses")
    parser.add_argument("--instances", type=int, choices=(1, 2), default=2, help="also measure two instances")
    args = parser.parse_args(argv)
    database_url = _fresh_database(args.postgres, "hotline_bench")
    state = ROOT / "var" / "bench"
    stacks = [Stack(_bench_config(0, args.base_port, database_url, args.redis, state))]
    scenarios: list[Scenario] = []
    memory: dict[str, float] = {}
    started = time.perf_counter()
    try:
        stacks[0].start(timeout=600)
        startup_seconds = time.perf_counter() - started
        # Not measured: first calls load code and knowledge lazily in every process.
        asyncio.run(run_scenario("warm-up", "hotline", WARM_UP_PEOPLE, 0.0, stacks, True))
        for use_http, target in ((True, "hotline"), (False, "bare rasa")):
            for name, people, think, rounds in (
                ("think", args.think_people, args.think_seconds, args.think_rounds),
                ("saturation", args.saturation_people, 0.0, args.saturation_rounds),
            ):
                scenario = asyncio.run(run_scenario(f"{name} ({target}, 1 instance)", target, people, think,
                                                    stacks, use_http, rounds))  # fmt: skip
                scenarios.append(scenario)
                print(json.dumps(scenario.summary(), ensure_ascii=False), flush=True)
        memory = {name: round(resident_mib(pid), 1) for name, pid in stacks[0].running().items()}
        if args.instances == 2:
            stacks.append(Stack(_bench_config(1, args.base_port, database_url, args.redis, state)))
            stacks[1].config.rasa_token = stacks[0].config.rasa_token
            stacks[1].start(timeout=600)
            # The second instance's processes load code and knowledge lazily too: warm them before measuring.
            asyncio.run(run_scenario("warm-up", "hotline", WARM_UP_PEOPLE, 0.0, stacks[1:], True))
            scenario = asyncio.run(run_scenario("saturation (hotline, 2 instances)", "hotline",
                                                args.saturation_people, 0.0, stacks, True,
                                                args.saturation_rounds))  # fmt: skip
            scenarios.append(scenario)
            print(json.dumps(scenario.summary(), ensure_ascii=False), flush=True)
    finally:
        for stack in stacks:
            stack.stop()
    summaries = [scenario.summary() for scenario in scenarios]
    report = {
        "command": "./hotline bench " + " ".join(argv),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "startup_seconds": round(startup_seconds, 1),
        "resident_mib_one_instance": memory,
        "resident_mib_one_instance_total": round(sum(memory.values()), 1),
        "scenarios": summaries,
        "ratios": _ratios(summaries),
    }
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "load.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_plot(scenarios, REPORT_DIR / "latency.png")
    (REPORT_DIR / "load.md").write_text(_markdown(report), encoding="utf-8")
    print(_markdown(report))
    print(f"written to {(REPORT_DIR / 'load.json').relative_to(ROOT)}, load.md and latency.png")
    return 0


def _find(summaries: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    return next((s for s in summaries if s["scenario"] == name), None)


def _ratios(summaries: list[dict[str, Any]]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    for kind in ("think", "saturation"):
        hotline = _find(summaries, f"{kind} (hotline, 1 instance)")
        bare = _find(summaries, f"{kind} (bare rasa, 1 instance)")
        if hotline and bare and bare["p50_ms"]:
            ratios[f"{kind}_median_hotline_over_bare"] = round(hotline["p50_ms"] / bare["p50_ms"], 2)
            # CPU per message is steadier than latency on a shared machine.
            ratios[f"{kind}_cpu_hotline_over_bare"] = round(
                hotline["cpu_ms_per_message_total"] / max(0.1, bare["cpu_ms_per_message_total"]), 2
            )
    one, two = (
        _find(summaries, "saturation (hotline, 1 instance)"),
        _find(summaries, "saturation (hotline, 2 instances)"),
    )
    if one and two and one["messages_per_second"]:
        ratios["saturation_two_over_one_instance"] = round(two["messages_per_second"] / one["messages_per_second"], 2)
    return ratios


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Load benchmark",
        "",
        f"- command: `{report['command'].strip()}` ({report['when']}, {report['machine']['cpus']} CPUs,"
        f" load average at the end {', '.join(f'{x:.1f}' for x in report['machine']['load_average_at_end'])})",
        f"- start-up of one instance until warm: {report['startup_seconds']} s",
        f"- resident memory, one instance: {report['resident_mib_one_instance']}"
        f" (total {report['resident_mib_one_instance_total']} MiB)",
        f"- ratios: {report['ratios']}",
        "- silent: turns with no reply at all (bare Rasa says nothing in a conversation paused for a social worker;"
        " the hotline's relay answers there); lost: no reply and none delivered later via GET /api/messages;"
        " dup: messages Rasa recorded more often than they were sent",
        "",
        "| scenario | people | msgs | p50 ms | p95 ms | p99 ms | msgs/s | errors | silent | lost | dup | CPU ms/msg"
        " (servers) | client | machine | busy |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in report["scenarios"]:
        lines.append(
            f"| {s['scenario']} | {s['people']} | {s['messages']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} |"
            f" {s['messages_per_second']} | {sum(s['errors'].values())} | {s['silent']} | {s['lost']} |"
            f" {s['duplicated']} |"
            f" {s['cpu_ms_per_message_total']} {s['cpu_ms_per_message']} |"
            f" {s['client_cpu_ms_per_message']} | {s['machine_cpu_ms_per_message']} | {s['machine_busy_share']} |"
        )
    return "\n".join(lines) + "\n"
