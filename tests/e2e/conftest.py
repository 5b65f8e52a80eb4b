"""What every browser test shares: the served sample corpus, one Chromium, a checked page.

``site`` loads the reference data and the bundled sample corpus into the test database and
serves it (a module at a time: each module's tests may change what they see, and the data
is removed afterwards); ``browser`` is Debian's Chromium under Playwright; ``page`` is a
fresh tab at the wide size that fails its test on a JavaScript error, a 5xx answer or
anything the Content-Security-Policy blocked. A module needing other data defines its own.
"""

from __future__ import annotations

import os

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, WIDE, playwright_or_skip


@pytest.fixture(scope="module")
def site(sample_snapshot, django_db_blocker):
    """Commit the reference data and the imported sample corpus, serve them; clean
    everything afterwards."""
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    from tests.conftest import load_snapshot, remove_imported_world

    with django_db_blocker.unblock():
        load_snapshot(sample_snapshot)
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
        try:
            yield server.url
        finally:
            server.stop()
            remove_imported_world()
            # This fixture's connection is not the one the session closes at the end (with
            # Playwright's event loop in this thread, Django keeps connections per context):
            # close it, or it outlives the run and the test database cannot be dropped.
            connections.close_all()


@pytest.fixture(scope="module")
def browser():
    _, sync_playwright = playwright_or_skip()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    """A new tab on ``site``; its test fails on a script error, a 5xx or a CSP block."""
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, base_url=site)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    # Chromium reports each script or style the Content-Security-Policy blocked here.
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors or server errors while browsing: {errors}"
