"""Logging set-up shared by every process the app env runs: personal data is masked before it is written."""

from __future__ import annotations

import logging
import os

from store.masking import install_log_masking


def configure_logging(level: str | None = None) -> None:
    """Log to stderr at HOTLINE_LOG_LEVEL (WARNING by default, so the terminal chat stays readable)."""
    logging.basicConfig(
        level=(level or os.environ.get("HOTLINE_LOG_LEVEL", "WARNING")).upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_masking()
