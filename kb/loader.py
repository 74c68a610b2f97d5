"""Where the knowledge files live (HOTLINE_KNOWLEDGE_DIR overrides it, e.g. for tests of broken files)."""

from __future__ import annotations

import os
from pathlib import Path

KNOWLEDGE_DIR = Path(os.environ.get("HOTLINE_KNOWLEDGE_DIR", Path(__file__).resolve().parent.parent / "knowledge"))
