"""Who appears with whom, in a real browser: list → network → a pair → its list.

The sample corpus and the reference data are loaded once for the module (as
``test_browse_flow`` does). Screenshots at 390 and 1280 px go to ``NETWORK_SCREENSHOTS``
(default ``test-artifacts/screenshots/``) for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.browser import (
    NARROW,
    SCREENSHOTS,
    WIDE,
    playwright_or_skip,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
SERIOUS = ("serious", "critical")

expect, sync_playwright = playwright_or_skip()
SHOTS = Path(os.getenv("NETWORK_SCREENSHOTS") or SCREENSHOTS)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDE, "height": 900})


def check_axe(page, context: str | None = None) -> None:
    """Fail on axe-core's serious or critical violations (skipped without its pinned package,
    ``axe-playwright-python``, which ships ``axe.min.js``)."""
    try:
        from tests.e2e.axe import assert_no_serious_violations
    except ImportError:
        assert_no_serious_violations = None
    if assert_no_serious_violations is not None:
        assert_no_serious_violations(page, context=context)
        return
    try:
        from importlib import resources

        script = (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return
    page.evaluate(script)
    found = page.evaluate(
        "(context) => axe.run(context || document, {resultTypes: ['violations']})"
        ".then(r => r.violations)",
        context,
    )
    serious = [(v["id"], v["nodes"][0]["html"][:120]) for v in found if v["impact"] in SERIOUS]
    assert not serious, serious


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_list_to_network_to_a_pair_and_back(page):
    page.goto("/articles/")
    page.get_by_role("link", name="Who appears with whom").click()
    page.wait_for_url(re.compile(r"/network/"))
    expect(page.locator("h1")).to_have_text("Who appears with whom")
    # The phone drawing at 390 px, the wide one at 1280 px: one shown at a time.
    expect(page.locator("svg.network-wide")).to_be_visible()
    expect(page.locator("svg.network-narrow")).to_be_hidden()
    shoot(page, "network-all")
    check_axe(page)
    page.set_viewport_size({"width": NARROW, "height": 900})
    expect(page.locator("svg.network-narrow")).to_be_visible()
    expect(page.locator("svg.network-wide")).to_be_hidden()
    page.locator("figure.network-chart").screenshot(path=str(SHOTS / "network-drawing-390.png"))
    check_axe(page)
    page.set_viewport_size({"width": WIDE, "height": 900})

    first = page.locator("table.network-pairs tbody tr").first
    a = first.locator("th").inner_text().strip()
    b = first.locator("td").first.inner_text().strip()
    link = first.locator("td a")
    number = _count(link.inner_text().split("articles")[0])
    link.click()
    page.wait_for_url(re.compile(r"/articles/\?.*match=all"))
    chips = page.locator(".list-chips").inner_text()
    assert a.split(" (")[0] in chips and b.split(" (")[0] in chips
    assert _count(page.locator(".list-count").inner_text().split("article")[0]) == number
    shoot(page, "network-pair-list")

    # From that narrowed list to its own network, and back to the list.
    page.get_by_role("link", name="Who appears with whom").click()
    page.wait_for_url(re.compile(r"/network/\?"))
    shoot(page, "network-pair-network")
    page.get_by_role("link", name=re.compile(r"^Back to the")).click()
    page.wait_for_url(re.compile(r"/articles/\?.*match=all"))


def test_a_country_page_shows_its_network(page):
    page.goto("/countries/sy/")
    section = page.locator("section[aria-labelledby=network-title]")
    expect(section.locator("h2")).to_have_text("Who appears with Syria")
    expect(section.locator("svg.network-wide")).to_be_visible()
    shoot(page, "network-country")
    page.set_viewport_size({"width": NARROW, "height": 900})
    section.screenshot(path=str(SHOTS / "network-country-section-390.png"))
    page.set_viewport_size({"width": WIDE, "height": 900})
    check_axe(page, "section[aria-labelledby=network-title]")  # this branch's part of it
    section.get_by_role("link", name=re.compile("full network")).click()
    page.wait_for_url(re.compile(r"/network/\?country=sy"))
    expect(page.locator(".list-chips")).to_contain_text("Country: Syria")
