"""The Rasa HTTP API token added to `rasa run`'s arguments inside the process (never in the process list)."""

from __future__ import annotations


def with_auth_token(argv: list[str], token: str | None) -> list[str]:
    """`argv` with `--auth-token=<token>` added to a `run` command that has none. One argument, not two: a random
    token can start with "-" (secrets.token_urlsafe), and argparse would read a separate "-abc…" as an option
    and stop Rasa with "expected one argument"."""
    if not token or argv[1:2] != ["run"] or any(a == "-t" or a.startswith("--auth-token") for a in argv):
        return argv
    return [*argv, f"--auth-token={token}"]
