"""`./hotline bench`: start-up time, first-answer latency, per-message latency and memory of each process.

A benchmark, not a test: it prints numbers and writes reports/bench/startup.md; nothing asserts on them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from bot.rasa_client import RasaClient
from bot.stack import ROOT, Stack, StackConfig

MESSAGES = ["你好", "我在直播间买到假货了", "I bought a fake bag on a livestream", "主播说能治失眠，结果没用", "谢谢"]


def resident_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB (from /proc)."""
    total_kib = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kib += int(line.split()[1])
        except OSError:
            continue
    return total_kib / 1024


async def _latencies(client: RasaClient, rounds: int) -> list[float]:
    timings: list[float] = []
    for round_number in range(rounds):
        for text in MESSAGES:
            started = time.perf_counter()
            await client.send(f"bench-{round_number}", text)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str]) -> int:
    """Cold-start a stack on spare ports, measure, stop it, and write the report."""
    parser = argparse.ArgumentParser(prog="./hotline bench")
    parser.add_argument("--rounds", type=int, default=10, help="times to send the sample conversation")
    parser.add_argument("--rasa-port", type=int, default=5805)
    parser.add_argument("--action-port", type=int, default=5855)
    args = parser.parse_args(argv)
    state = ROOT / "var" / "bench"
    stack = Stack(StackConfig(rasa_port=args.rasa_port, action_port=args.action_port,
                              database_url=f"sqlite:///{state / 'cases.db'}",
                              tracker_db_file=state / "tracker.db", state_dir=state / "run"))  # fmt: skip
    client = RasaClient(stack.config.rasa_url)
    started = time.perf_counter()
    stack.start_process("actions")
    stack.start_process("rasa")
    stack.wait_ready(timeout=300)
    ready = time.perf_counter() - started
    stack.warm_up()
    warmed = time.perf_counter() - started
    try:
        first = asyncio.run(_latencies(client, 1))[1]
        timings = asyncio.run(_latencies(client, args.rounds))
        memory = {name: resident_mib(pid) for name, pid in stack.running().items()}
    finally:
        stack.stop()
    quantiles = statistics.quantiles(timings, n=20)
    lines = [
        "# Start-up and latency benchmark",
        "",
        f"- command: `./hotline bench --rounds {args.rounds}` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        f"- servers answering (model loaded): {ready:.1f} s",
        f"- ready after warm-up (what `make serve` waits for): {warmed:.1f} s",
        f"- first user message after warm-up: {first:.0f} ms",
        f"- per message over REST ({len(timings)} messages): median {statistics.median(timings):.0f} ms,"
        f" p95 {quantiles[18]:.0f} ms, max {max(timings):.0f} ms",
        *[f"- resident memory, {name}: {mib:.0f} MiB" for name, mib in sorted(memory.items())],
    ]
    report = ROOT / "reports" / "bench" / "startup.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nwritten to {report.relative_to(ROOT)}")
    return 0
