"""`./hotline replay SCRIPT.yml …`: play scripted conversations against the running hotline and print them.

The scripts are the dialogue tests' (tests/conversations/scripts/); each run uses a fresh user, so replaying
never mixes with a real person's conversation. Broken invariants are listed after each transcript.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid
from pathlib import Path

from bot.logs import configure_logging
from bot.replies import Reply
from bot.wiring import build_conversation
from tests.conversations.harness import load_script, play, transcript, violations

CHANNEL = "replay"


async def _replay(paths: list[Path]) -> int:
    conversation = build_conversation()
    broken = 0
    for path in paths:
        user_key = uuid.uuid4().hex[:12]
        script = load_script(path)

        async def say(text: str, key: str = user_key) -> list[Reply]:
            return await conversation.handle(CHANNEL, key, text)

        played = await play(script, say)
        print(transcript(played))
        problems = violations(played)
        print("\n" + ("\n".join(f"! {problem}" for problem in problems) if problems else "✓ every invariant holds"))
        print()
        broken += bool(problems)
    return 1 if broken else 0


def main(argv: list[str]) -> int:
    """Replay each script given; exit code 1 when any conversation broke an invariant."""
    parser = argparse.ArgumentParser(prog="./hotline replay", description=__doc__.splitlines()[0])
    parser.add_argument("scripts", nargs="+", type=Path, help="tests/conversations/scripts/<name>.yml")
    args = parser.parse_args(argv)
    configure_logging()
    return asyncio.run(_replay(args.scripts))
