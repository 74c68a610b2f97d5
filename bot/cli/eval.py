"""`./hotline eval nlu [ARGS]`: the NLU evaluation report (runs in the Rasa env, which can train models);
`./hotline eval claims [ARGS]`: the claim checker's precision and recall (pure Python, runs here)."""

from __future__ import annotations

import os
import subprocess

from bot.stack import RASA_ENV, ROOT


def main(argv: list[str]) -> int:
    """Run `python -m nlu.eval` in the Rasa environment, or the claim-checker evaluation; extra arguments pass
    through (see --help)."""
    if argv and argv[0] == "claims":
        from kb.claims_eval import main as claims_main

        return claims_main(argv[1:])
    if not argv or argv[0] != "nlu":
        print("usage: ./hotline eval nlu [--folds N] [--no-cv] [--no-http]  (report under reports/nlu/)")
        print("       ./hotline eval claims [--set FILE] [--out DIR]  (report under reports/claims/)")
        return 2
    env = dict(os.environ, PYTHONPATH=str(ROOT), SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2")
    command = [str(RASA_ENV / "bin" / "python"), "-m", "nlu.eval", *argv[1:]]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
