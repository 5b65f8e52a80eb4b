"""What the browser tests share: Debian's Chromium (never a downloaded one) and its settings.

Each browser test module skips itself when ``CHROMIUM`` is None.
"""

from __future__ import annotations

import os
import shutil

import pytest

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


def playwright_or_skip():
    """Return Playwright's ``(expect, sync_playwright)``; skip the calling module without it.

    Call it at a browser test module's top level: the module skips when Playwright or
    Chromium is absent.
    """
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.skip(
            "playwright is not installed (pip install -r requirements-dev.txt)",
            allow_module_level=True,
        )
    if CHROMIUM is None:  # pragma: no cover - depends on the environment
        pytest.skip(CHROMIUM_MISSING, allow_module_level=True)
    # Playwright's sync API runs an event loop in this thread; the ORM is only used outside
    # it (fixture set-up and tear-down), but Django cannot tell, so allow it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return expect, sync_playwright
