"""Fixtures: the HTTP channel process in front of the session's Rasa stack (defined in tests/web.py)."""

from tests.web import person, web_channel  # noqa: F401  # fixtures
