"""Channels, the shared message path, the handoff relay and the `hotline` command line."""
