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

from tests.e2e.browser import (
    NARROW,
    WIDE,
    playwright_or_skip,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

expect, sync_playwright = playwright_or_skip()
SHOTS = Path(os.environ.get("COMPARE_SCREENSHOTS", "/tmp/compare"))


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
