"""Compare Russia and China in a real browser: from the list, through the form, to a cell.

The sample corpus and the reference data are loaded once for the module (as in
``test_browse_flow``). Screenshots at 390 px and 1280 px go to ``/tmp/compare/`` (or
``COMPARE_SCREENSHOTS``) for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import SAMPLE_CORPUS
from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NARROW,
    TIMEOUT_MS,
    WIDE,
    playwright_or_skip,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

expect, sync_playwright = playwright_or_skip()
SHOTS = Path(os.environ.get("COMPARE_SCREENSHOTS", "/tmp/compare"))


@pytest.fixture(scope="module")
def site(reference_snapshot, django_db_blocker):
    """Load reference data and the sample corpus, serve them; clean everything afterwards."""
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    from articles.pipeline.imports import run_import
    from tests.conftest import load_reference_snapshot, remove_imported_world

    with django_db_blocker.unblock():
        load_reference_snapshot(reference_snapshot)
        run_import([str(SAMPLE_CORPUS)], workers=1)
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
        try:
            yield server.url
        finally:
            server.stop()
            remove_imported_world()
            connections.close_all()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": WIDE, "height": 900}, base_url=site)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors or server errors while browsing: {errors}"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}-top.png"))
        # Nothing wider than the window: the table scrolls inside its own box.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
    page.set_viewport_size({"width": WIDE, "height": 900})


def test_compare_russia_and_china(page):
    page.goto("/compare/")
    expect(page.locator("h1")).to_have_text("Compare coverage")
    shoot(page, "01-empty")

    page.goto("/articles/?country=ru")
    page.get_by_role("link", name="Add to compare").click()
    page.wait_for_url(re.compile(r"/compare/\?s="))
    expect(page.locator(".compare-legend li")).to_have_count(1)
    expect(page.locator(".compare-legend")).to_contain_text("Russia")

    page.get_by_label("Country (name or code)").nth(1).fill("China")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"s=country%3Dcn"))
    assert parse_qs(urlsplit(page.url).query)["s"] == ["country=ru", "country=cn"]
    legend = page.locator(".compare-legend li")
    expect(legend).to_have_count(2)
    expect(legend.nth(1)).to_contain_text("China")
    expect(page.locator("table.compare-table tbody tr").first).to_be_visible()
    shoot(page, "02-russia-china")

    page.get_by_role("link", name="Share of coverage").click()
    page.wait_for_url(re.compile(r"show=share"))
    expect(page.locator("#chart-title")).to_contain_text("Share of all published articles")
    shoot(page, "03-share")

    # A cell's link lists exactly the articles it counts.
    cell = page.locator("table.compare-table tbody td a").first
    count = int(cell.inner_text().replace(",", ""))
    cell.click()
    page.wait_for_url(re.compile(r"/articles/\?.*date_from="))
    expect(page.locator(".list-count")).to_contain_text(f"{count:,} article")
