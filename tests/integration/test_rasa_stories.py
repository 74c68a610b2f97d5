"""Rasa's own end-to-end test stories (tests/stories/) against the test stack's action server."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bot.stack import RASA_ENV, ROOT, Stack


def test_every_test_story_is_predicted_exactly(stack: Stack, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ACTION_PORT=str(stack.config.action_port),
               TRACKER_DB_FILE=str(stack.config.tracker_db_file), SQLALCHEMY_SILENCE_UBER_WARNING="1")  # fmt: skip
    result = subprocess.run(
        [str(RASA_ENV / "bin" / "rasa"), "test", "core", "--stories", "tests/stories",
         "--model", str(stack.config.model.resolve()), "--endpoints", "endpoints.yml",
         "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:]
    assert result.returncode == 0, f"failed test stories:\n{details}\n{result.stderr[-2000:]}"
