"""The pages polished in issue 19, in a real browser over the sample corpus: the officials
index's filters and counts, the country search's choices and former names, the country
page's recent articles, the home page's rising list, paging past the end.

Screenshots at 390 px and 1280 px go to ``test-artifacts/screenshots/`` (``19-*``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (NARROW, WIDE):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"19-{name}-{width}.png"), full_page=True)
        # Nothing wider than the window at either width.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow} px too wide at {width} px"
    page.set_viewport_size({"width": WIDE, "height": 900})


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def count_of(text: str) -> int:
    return int(re.search(r"([\d,]+) (?:article|official)", text).group(1).replace(",", ""))


def test_officials_index_filters_by_country_and_kind_and_counts_open_their_lists(page):
    page.goto("/officials/")
    expect(page.locator("h1")).to_have_text("Officials")
    expect(page.locator("h2.page-subtitle")).to_contain_text("most articles first")
    shoot(page, "officials")
    counts = [
        int(t.replace(",", "")) for t in page.locator(".page-officials .count").all_inner_texts()
    ]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    page.select_option("#official-country", "ru")
    page.select_option("#official-kind", "foreign_minister")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/officials/?*")
    assert query(page) == {"country": ["ru"], "kind": ["foreign_minister"]}
    shoot(page, "officials-russia-fm")
    first = page.locator(".page-officials li").first
    expect(first).to_contain_text("Foreign Minister")
    link = first.locator("a.count")
    n = int(link.inner_text().replace(",", ""))
    link.click()
    page.wait_for_url("**/articles/?official=*")
    assert count_of(page.locator(".list-count").inner_text()) == n


def test_country_search_offers_the_choice_and_knows_former_names(page):
    page.goto("/countries/?q=Korea")
    hits = page.locator(".page-hits li")
    expect(hits).to_have_count(2)
    expect(page.locator(".page-hits")).to_contain_text("Several countries match")
    shoot(page, "countries-korea")
    page.goto("/countries/?q=Kiev")
    page.wait_for_url("**/countries/ua/")
    expect(page.locator("h1")).to_contain_text("Ukraine")


def test_country_page_leads_with_articles_about_it(page):
    page.goto("/countries/sy/")
    expect(page.locator("#recent-title")).to_have_text("Recent articles about Syria")
    shoot(page, "country-syria")


def test_home_rising_says_its_dates(page):
    page.goto("/")
    expect(page.locator("#rising-title")).to_contain_text(
        re.compile(r"Rising: .+ vs the 4 weeks before")
    )
    shoot(page, "home")


def test_paging_past_the_end_says_so(page):
    page.goto("/articles/?q=minister&page=999")
    note = page.locator(".page-past-last")
    expect(note).to_contain_text("Page 999 is past the last page")
    shoot(page, "past-last")
    note.get_by_role("link").click()
    expect(page.locator(".page-past-last")).to_have_count(0)
