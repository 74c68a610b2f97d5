"""Read data files under knowledge/ (cached: knowledge changes need a restart, not retraining)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(os.environ.get("HOTLINE_KNOWLEDGE_DIR", Path(__file__).resolve().parent.parent / "knowledge"))


@functools.cache
def load_yaml(relative_path: str) -> Any:
    """Parse one YAML file below knowledge/."""
    with open(KNOWLEDGE_DIR / relative_path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
