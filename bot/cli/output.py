"""What every worker command shares about its output: a reader that stops early (`| head`) is no error."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def quiet_on_closed_pipe(run: Callable[[], int]) -> int:
    """Run a command; if the reader closed the pipe, stop quietly (exit 0) instead of with a traceback."""
    try:
        code = run()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Later writes (and the interpreter's own flush at exit) go nowhere instead of raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
