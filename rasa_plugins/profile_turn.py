"""Where a turn's CPU goes, measured in-process (rasa env):

    .venv-rasa/bin/python -m rasa_plugins.profile_turn --actions http://127.0.0.1:5055/webhook

Loads the trained model with an in-memory tracker store, plays a short mixed zh/en conversation set against a
running action server, and prints CPU ms per message (parse only, full turn) and Python calls per message, first
as Rasa ships, then with rasa_plugins.speedups installed. Numbers for reports/bench/lean_turn.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time

from rasa.core.agent import Agent, load_agent
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import speedups

MESSAGES = [
    "你好", "我在直播间买到假货了，花了899元", "抖音", "3天前收到的", "谢谢",
    "I stream 12 hours a day and I'm exhausted", "I can't sleep", "thanks",
    "公会拖欠我三个月工资，一共12000元", "没有签劳动合同",
]  # fmt: skip


async def _measure(agent: Agent, rounds: int, tag: str) -> dict[str, float]:
    count = rounds * len(MESSAGES)
    started = time.process_time()
    for _ in range(rounds):
        for text in MESSAGES:
            await agent.parse_message(text)
    parse_ms = (time.process_time() - started) * 1000 / count
    started = time.process_time()
    for round_number in range(rounds):
        for text in MESSAGES:
            await agent.handle_text(text, sender_id=f"{tag}-turn-{round_number}")
    turn_ms = (time.process_time() - started) * 1000 / count
    profile = cProfile.Profile()
    profile.enable()
    for round_number in range(rounds):
        for text in MESSAGES:
            await agent.handle_text(text, sender_id=f"{tag}-profiled-{round_number}")
    profile.disable()
    calls = pstats.Stats(profile).total_calls / count  # type: ignore[attr-defined]
    return {"parse_cpu_ms": round(parse_ms, 1), "turn_cpu_ms": round(turn_ms, 1), "python_calls": round(calls)}


async def main(actions_url: str, rounds: int) -> None:
    """Measure as shipped, then with the speed-ups."""
    endpoints = AvailableEndpoints(action=EndpointConfig(actions_url))
    agent = await load_agent(model_path="models/current.tar.gz", endpoints=endpoints)
    for text in MESSAGES:
        await agent.handle_text(text, sender_id="warm-up")
    print("as shipped:     ", await _measure(agent, rounds, "plain"), flush=True)
    speedups.install()
    print("with speed-ups: ", await _measure(agent, rounds, "fast"), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m rasa_plugins.profile_turn")
    parser.add_argument("--actions", default="http://127.0.0.1:5055/webhook", help="a running action server")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.actions, args.rounds))
