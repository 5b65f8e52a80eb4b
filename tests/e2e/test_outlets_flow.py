"""An outlet's page and an organisation's in a real browser (Playwright, Debian's Chromium).

The nav → the outlet index → an outlet's page (coverage, share, top entities) → a top
country's count opens the list of exactly that many → an organisation's page. Screenshots at
390 and 1280 px go to ``test-artifacts/screenshots/`` (git-ignored) for a human to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import (
    NARROW,
    SCREENSHOTS,
    WIDE,
    playwright_or_skip,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

expect, sync_playwright = playwright_or_skip()


def shoot(page, name: str) -> None:
    """Save full-page screenshots at phone and desktop widths; check nothing overflows."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        # Readable at this width: the page itself never scrolls sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, (name, width, overflow)
        # Nor do its tables need their own sideways scrolling.
        wide = page.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert wide == 0, (name, width, "a table scrolls sideways")
    page.set_viewport_size({"width": WIDE, "height": 900})


def test_outlet_index_page_and_an_organisation(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outlets").click()
    page.wait_for_url("**/sources/")
    expect(page.locator("h1")).to_have_text("Outlets")
    rows = page.locator("table.page-table tbody tr")
    expect(rows.first).to_be_visible()
    shoot(page, "outlets-01-index")

    first = rows.first.locator("th a")
    name = first.inner_text().strip()
    count = rows.first.locator("td.num a").inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/sources/[^/]+/$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".page-total strong").first).to_have_text(count)
    expect(page.get_by_role("heading", name="Share of all coverage")).to_be_visible()
    expect(page.get_by_role("heading", name="Top countries")).to_be_visible()
    shoot(page, "outlets-02-outlet")
    outlet_url = page.url

    top = page.locator('section[aria-labelledby="top-country-title"] li').first
    country = top.locator(".page-name a").inner_text().strip()
    number = top.locator("a.page-count").inner_text().strip()
    top.locator("a.page-count").click()
    page.wait_for_url(re.compile(r"/articles/\?source="))
    expect(page.locator(".list-chips")).to_contain_text(f"Country: {country}")
    expect(page.locator(".list-chips")).to_contain_text(f"Source: {name}")
    expect(page.locator(".list-count")).to_contain_text(f"{number} article")

    page.goto(outlet_url)
    organisations = page.locator('section[aria-labelledby="top-organization-title"] .page-name a')
    if organisations.count():
        org = organisations.first.inner_text().strip()
        organisations.first.click()
        page.wait_for_url(re.compile(r"/organizations/[^/]+/$"))
        expect(page.locator("h1")).to_contain_text(org)
        expect(page.get_by_role("heading", name="Coverage over time")).to_be_visible()
        shoot(page, "outlets-03-organisation")

    page.goto("/organizations/")
    expect(page.locator("h1")).to_have_text("Organisations")
    shoot(page, "outlets-04-organisations")
