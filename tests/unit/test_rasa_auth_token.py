"""The API token reaches `rasa run` whatever characters the random token starts with."""

from __future__ import annotations

import argparse

from rasa_plugins.auth import with_auth_token


def _parsed_token(argv: list[str]) -> str:
    # The same option as `rasa run` declares it (-t/--auth-token, one value).
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("-t", "--auth-token")
    return str(parser.parse_args(argv[1:]).auth_token)


def test_a_token_that_starts_with_a_dash_is_still_read_as_the_token() -> None:
    argv = with_auth_token(["rasa", "run"], "-Xb3kQ")
    assert argv == ["rasa", "run", "--auth-token=-Xb3kQ"]
    assert _parsed_token(argv) == "-Xb3kQ"


def test_no_token_or_a_token_given_already_leaves_the_arguments_alone() -> None:
    assert with_auth_token(["rasa", "run"], None) == ["rasa", "run"]
    assert with_auth_token(["rasa", "run", "-t", "mine"], "env") == ["rasa", "run", "-t", "mine"]
    assert with_auth_token(["rasa", "train"], "env") == ["rasa", "train"]
