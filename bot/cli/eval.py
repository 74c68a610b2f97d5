"""`./hotline eval nlu|safety|claims [ARGS]`: evaluation reports.

`nlu` and `safety` run in the Rasa environment (which can train models and holds the encoder); `claims`, the claim
checker's precision and recall, is pure Python and runs here.
"""

from __future__ import annotations

import os
import subprocess

from bot.stack import RASA_ENV, ROOT

MODULES = {"nlu": "nlu.eval", "safety": "nlu.eval.safety_report"}


def main(argv: list[str]) -> int:
    """Run the named evaluation; extra arguments pass through (see --help)."""
    if argv and argv[0] == "claims":
        from kb.claims_eval import main as claims_main

        return claims_main(argv[1:])
    if not argv or argv[0] not in MODULES:
        print("usage: ./hotline eval nlu [--folds N] [--no-cv] [--no-http]  (report under reports/nlu/)")
        print("       ./hotline eval safety                                (report under reports/safety/)")
        print("       ./hotline eval claims [--set FILE] [--out DIR]       (report under reports/claims/)")
        return 2
    env = dict(os.environ, PYTHONPATH=str(ROOT), SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2")
    command = [str(RASA_ENV / "bin" / "python"), "-m", MODULES[argv[0]], *argv[1:]]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
