"""What the browser tests share: Debian's Chromium (never a downloaded one) and its settings.

Each browser test module skips itself when ``CHROMIUM`` is None.
"""

from __future__ import annotations

import os
import shutil

from tests.conftest import ROOT

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and os.path.exists(p)),
    None,
)
CHROMIUM_MISSING = (
    "Chromium is absent: install Debian's package (apt-get install chromium); .ci/run does this"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDE, NARROW = 1280, 390
TIMEOUT_MS = 15_000
