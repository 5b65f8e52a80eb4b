"""List rows' country chips: the focus countries, else the most mentioned ones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleCountry
from articles.search.indexing import sync
from articles.selectors import browse
from articles.selectors.browse import ArticleCriteria
from tests.factories import ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2024, 10, 22, 12, tzinfo=UTC)
NAMES = {
    "RU": "Russia",
    "CN": "China",
    "IN": "India",
    "BR": "Brazil",
    "ZA": "South Africa",
    "SY": "Syria",
}

# (iso2, count, first_offset, is_focus, suppressed) for each article, and its chips.
CASES = [
    {
        "name": "focus countries only, most mentioned first",
        "mentions": [
            ("RU", 2, 40, True, False),
            ("SY", 5, 0, True, False),
            ("CN", 9, 80, False, False),
        ],
        "chips": ["SY", "RU"],
        "focus": True,
    },
    {
        "name": "no focus: the three most mentioned, ties by first offset",
        "mentions": [
            ("ZA", 1, 2, False, False),
            ("BR", 1, 5, False, False),
            ("RU", 5, 10, False, False),
            ("CN", 3, 50, False, False),
            ("IN", 3, 20, False, False),
        ],
        "chips": ["RU", "IN", "CN"],
        "focus": False,
    },
    {
        "name": "no focus, fewer than three",
        "mentions": [("BR", 1, 30, False, False), ("ZA", 1, 4, False, False)],
        "chips": ["ZA", "BR"],
        "focus": False,
    },
    {
        "name": "a suppressed mention is no chip",
        "mentions": [("RU", 9, 0, False, True), ("CN", 1, 3, False, False)],
        "chips": ["CN"],
        "focus": False,
    },
    {
        "name": "a suppressed focus leaves the most mentioned",
        "mentions": [("RU", 9, 0, True, True), ("CN", 1, 3, False, False)],
        "chips": ["CN"],
        "focus": False,
    },
    {"name": "no countries", "mentions": [], "chips": [], "focus": False},
]


def countries() -> dict[str, object]:
    return {
        iso: CountryFactory(iso2=iso, name=name, slug=name.lower()) for iso, name in NAMES.items()
    }


def article_with(case: dict, by_iso: dict, *, day: int = 0):
    article = ArticleFactory(title=case["name"], published_at=DAY - timedelta(days=day))
    for iso, count, offset, focus, suppressed in case["mentions"]:
        ArticleCountry.objects.create(
            article=article,
            country=by_iso[iso],
            count=count,
            first_offset=offset,
            is_focus=focus,
            suppressed=suppressed,
            published_at=article.published_at,
        )
    return article


def chips(row) -> list[str]:
    return [m.country.iso2 for m in row.chip_countries]


def test_row_chips_table():
    by_iso = countries()
    articles = [article_with(case, by_iso, day=i) for i, case in enumerate(CASES)]
    rows = browse.page_rows([a.id for a in articles], criteria=ArticleCriteria())
    got = [(row.title, chips(row), row.chips_are_focus) for row in rows]
    assert got == [(c["name"], c["chips"], c["focus"]) for c in CASES]


def rows_html(html: str, row_class: str) -> dict[str, str]:
    """Return each row's HTML by its title."""
    parts = html.split(f'<li class="{row_class}">')[1:]
    return {re.search(r"<h3[^>]*><a [^>]*>([^<]*)</a>", part).group(1): part for part in parts}


def chip_keys(row_html: str) -> list[str]:
    return re.findall(r'<li class="tag-country"><a href="/countries/(\w+)/"', row_html)


def test_a_row_without_focus_shows_its_most_mentioned_countries(client):
    by_iso = countries()
    article_with(CASES[1] | {"name": "BRICS summit opens in Kazan"}, by_iso)
    article_with(CASES[0] | {"name": "Syria talks"}, by_iso, day=1)
    article_with(CASES[-1] | {"name": "Markets calm"}, by_iso, day=2)
    sync(wait=True)
    rows = rows_html(client.get("/articles/").content.decode(), "list-row")
    kazan = rows["BRICS summit opens in Kazan"]
    assert chip_keys(kazan) == ["ru", "in", "cn"]
    assert 'aria-label="Most mentioned countries"' in kazan
    assert 'title="Mentioned 5 times, not a focus">Russia</a>' in kazan
    syria = rows["Syria talks"]
    assert chip_keys(syria) == ["sy", "ru"]
    assert 'aria-label="Focus"' in syria and "not a focus" not in syria
    assert "list-tags" not in rows["Markets calm"]


def test_home_latest_rows_show_most_mentioned_countries(client):
    by_iso = countries()
    article_with(CASES[1] | {"name": "BRICS summit opens in Kazan"}, by_iso)
    article_with(CASES[0] | {"name": "Syria talks"}, by_iso, day=1)
    sync(wait=True)
    rows = rows_html(client.get("/").content.decode(), "article-row")
    assert chip_keys(rows["BRICS summit opens in Kazan"]) == ["ru", "in", "cn"]
    assert 'aria-label="Most mentioned countries"' in rows["BRICS summit opens in Kazan"]
    assert chip_keys(rows["Syria talks"]) == ["sy", "ru"]
    assert 'aria-label="Focus countries"' in rows["Syria talks"]


def test_chips_are_one_query_however_many_rows():
    by_iso = countries()

    def queries(n: int) -> int:
        ids = [article_with(CASES[1], by_iso, day=i).id for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            rows = browse.page_rows(ids, criteria=ArticleCriteria())
            [chips(row) for row in rows]
            [m.country.get_absolute_url() for row in rows for m in row.chip_countries]
        return len(captured)

    assert queries(1) == queries(20)
