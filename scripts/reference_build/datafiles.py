"""The hand-written facts of the build, kept as JSON files in ``data/`` next to the code."""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load(name: str):
    """Return the parsed contents of ``data/<name>``."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
