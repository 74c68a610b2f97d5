"""Whole scripted conversations (tests/conversations/scripts/) through the running stack.

Each script has a follow-up question, a correction and a topic switch; every one must keep the invariants of
tests/conversations/harness.py: no fact asked twice, no reply repeated, the language held, each follow-up
answered about itself. Replay one by hand with `./hotline replay tests/conversations/scripts/<name>.yml`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.replies import Reply
from tests.conversations.harness import Script, all_scripts, known_fact_violations, play, transcript, violations
from tests.support import Chat

SCRIPTS = all_scripts()


def _param(script: Script) -> object:
    marks = [pytest.mark.xfail(reason=script.xfail, strict=False)] if script.xfail else []
    return pytest.param(script, id=script.name, marks=marks)


def test_there_are_enough_conversations_across_lines_and_languages() -> None:
    assert len(SCRIPTS) >= 40
    for line in ("consumer", "merchant", "streamer"):
        for language in ("zh", "en"):
            assert any(s.line == line and s.language == language for s in SCRIPTS), (line, language)
    for script in SCRIPTS:
        assert any(turn.followup for turn in script.turns), script.name
        assert any(turn.correction for turn in script.turns), script.name
        assert any(turn.switch for turn in script.turns), script.name


def _says(chat: Chat) -> Callable[[str], Awaitable[list[Reply]]]:
    """The person's side of the script: say a message, get what they read back."""

    async def say(text: str) -> list[Reply]:
        await chat.say(text)
        return chat.last

    return say


@pytest.mark.parametrize("script", [_param(script) for script in SCRIPTS])
async def test_the_conversation_holds_the_thread(chat: Chat, script: Script) -> None:
    played = await play(script, _says(chat))
    problems = violations(played, known_facts=False)
    assert not problems, "\n".join(problems) + "\n\n" + transcript(played)


# Facts the person gave (a platform named in the first message) must survive a switch to a related problem
# (the case fact model, kb/casework).
@pytest.mark.parametrize("script", [s for s in SCRIPTS if any(turn.gives for turn in s.turns)], ids=lambda s: s.name)
async def test_a_fact_the_person_gave_is_never_asked_for_again(chat: Chat, script: Script) -> None:
    played = await play(script, _says(chat))
    problems = known_fact_violations(played)
    assert not problems, "\n".join(problems) + "\n\n" + transcript(played)
