"""CPU time of a turn by part (each NLU component and policy, remote actions, tracker store), in-process (rasa env).

    .venv-rasa/bin/python -m rasa_plugins.turn_parts --actions http://127.0.0.1:5055/webhook

cProfile inflates Python-heavy parts several times over C code (the sentence encoder), so its shares mislead;
this wraps the parts themselves and reads `time.process_time()` around each call (without a profiler). Loads the
trained model with the speed-ups, an in-memory tracker store and a running action server, plays the bench
people's scripts (bot/bench_people.yml) and prints CPU ms per turn by part.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import load_agent
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.engine.graph import GraphNode
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import local_slots, replay, speedups

SPENT: defaultdict[str, float] = defaultdict(float)
CALLS: defaultdict[str, int] = defaultdict(int)


def _timed_sync(name: Callable[..., str], original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            SPENT[name(self)] += time.process_time() - started

    return wrapper


def _timed_async(label: str, original: Callable[..., Any]) -> Callable[..., Any]:
    # Time spent awaiting other coroutines is counted too; these parts await only I/O, whose CPU is theirs.
    @functools.wraps(original)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return await original(self, *args, **kwargs)
        finally:
            SPENT[label] += time.process_time() - started

    return wrapper


def install_timers() -> None:
    """Wrap graph nodes, remote actions and the tracker store with CPU timers."""
    GraphNode.__call__ = _timed_sync(lambda node: f"node {node._node_name}", GraphNode.__call__)  # type: ignore[method-assign]
    RemoteAction.run = _timed_async("remote actions (HTTP, JSON, validation)", RemoteAction.run)  # type: ignore[method-assign]
    validate = RemoteAction._validate_action_result
    RemoteAction._validate_action_result = _timed_sync(lambda _: "  of which: validating the answers", validate)  # type: ignore[method-assign]
    counted = RemoteAction.run

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        CALLS[self.name()] += 1
        return await counted(self, *args, **kwargs)

    RemoteAction.run = run  # type: ignore[method-assign]
    for method in ("retrieve", "save"):
        original = getattr(InMemoryTrackerStore, method)
        setattr(InMemoryTrackerStore, method, _timed_async(f"tracker store {method}", original))


def _lines() -> list[str]:
    path = Path(__file__).resolve().parents[1] / "bot" / "bench_people.yml"
    scripts: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8"))["scripts"]
    return [f"{name}\0{line}" for name, lines in scripts.items() for line in lines]


async def main(actions_url: str, rounds: int, as_shipped: bool) -> None:
    """Warm up, then measure `rounds` rounds of every script."""
    speedups.install()
    replay.install()
    if not as_shipped:
        local_slots.install()
    endpoints = AvailableEndpoints(action=EndpointConfig(actions_url))
    agent = await load_agent(model_path="models/current.tar.gz", endpoints=endpoints)
    install_timers()
    for item in _lines():
        person, line = item.split("\0")
        await agent.handle_text(line, sender_id=f"warm-{person}")
    SPENT.clear()
    CALLS.clear()
    turns = 0
    started = time.process_time()
    for number in range(rounds):
        for item in _lines():
            person, line = item.split("\0")
            await agent.handle_text(line, sender_id=f"round{number}-{person}")
            turns += 1
    total = (time.process_time() - started) * 1000 / turns
    print(f"whole turn in-process: {total:.1f} CPU ms ({turns} turns)")
    for name, seconds in sorted(SPENT.items(), key=lambda item: -item[1]):
        if seconds * 1000 / turns >= 0.2:
            print(f"  {seconds * 1000 / turns:6.1f}  {name}")
    print("remote action calls per turn:", {name: round(count / turns, 2) for name, count in sorted(CALLS.items())})


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m rasa_plugins.turn_parts")
    parser.add_argument("--actions", default="http://127.0.0.1:5055/webhook", help="a running action server")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--remote-slots", action="store_true", help="custom slot mappings through the action server")
    args = parser.parse_args()
    asyncio.run(main(args.actions, args.rounds, args.remote_slots))
