"""`python -m rasa_plugins.run ARGS` = `rasa ARGS` with speed-ups, retry replay, local slots (rasa env).

`rasa run` takes its API token only as `--auth-token`; here it is read from RASA_TOKEN and added inside the process,
so the secret never appears in the process list. With HOTLINE_CPROFILE=<folder> the whole server runs under cProfile
and writes <folder>/rasa.prof when it stops (for reports/bench/lean_turn.md; never in production).
"""

from __future__ import annotations

import cProfile
import os
import sys

from rasa_plugins import local_slots, replay, speedups
from rasa_plugins.auth import with_auth_token


def main() -> None:
    """Install the patches, then hand over to Rasa's own command line."""
    speedups.install()
    replay.install()
    local_slots.install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    sys.argv = with_auth_token(sys.argv, os.environ.get("RASA_TOKEN"))
    profile_to = os.environ.get("HOTLINE_CPROFILE")
    if not profile_to:
        rasa_main()
        return
    profiler = cProfile.Profile()
    try:
        profiler.runcall(rasa_main)
    finally:
        profiler.dump_stats(os.path.join(profile_to, "rasa.prof"))


if __name__ == "__main__":
    main()
