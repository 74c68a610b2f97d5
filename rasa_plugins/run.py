"""`python -m rasa_plugins.run ARGS` = `rasa ARGS` with the hotline's speed-ups installed first (rasa env)."""

from __future__ import annotations

import sys

from rasa_plugins import speedups


def main() -> None:
    """Install the patches, then hand over to Rasa's own command line."""
    speedups.install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
