"""What is rising on the home page: 7 whole days against the 4 weeks before, at least three
articles, the dates said in the heading, each count the size of the list it opens.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest

from articles.models import ArticleCountry
from articles.search.indexing import sync
from articles.selectors import pages as reads
from articles.selectors.pages.home import date_range_label
from tests.factories import ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 12, 1), date(2026, 12, 7), "1–7 Dec 2026"),
        (date(2026, 11, 28), date(2026, 12, 4), "28 Nov – 4 Dec 2026"),
        (date(2026, 12, 29), date(2027, 1, 4), "29 Dec 2026 – 4 Jan 2027"),
        (date(2026, 12, 7), date(2026, 12, 7), "7 Dec 2026"),
    ],
)
def test_date_range_label(first, last, expected):
    assert date_range_label(first, last) == expected


def write(country, *days_ago: float, now: datetime = NOW) -> None:
    for days in days_ago:
        at = now - timedelta(days=days)
        article = ArticleFactory(published_at=at)
        ArticleCountry.objects.create(article=article, country=country, published_at=at)


# name, days ago of its articles, listed as rising (count, weekly average before) or None
CASES = [
    ("three new, none before", [0.1, 1, 2], (3, 0.0)),
    ("four new, one a week before", [1, 2, 3, 4, 10, 17, 24, 31], (4, 1.0)),
    ("one new, none before: noise", [1], None),
    ("two new, none before: noise", [1, 2], None),
    (
        "three new, as many as before: steady",
        [1, 2, 3, 8, 9, 10, 15, 16, 17, 22, 23, 24, 29, 30, 31],
        None,
    ),
    ("three new, fewer than before: falling", [1, 2, 3, *range(8, 34)], None),
    ("before the baseline does not count", [1, 2, 3, 40, 41, 42, 43, 44], (3, 0.0)),
    ("the first day of the window counts", [6.7, 6.6, 6.5], (3, 0.0)),
    ("the day before the window is baseline", [7.8, 1, 2, 3], (3, 0.25)),
]


@pytest.mark.parametrize(("name", "days", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rising_table(name, days, expected):
    country = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    write(country, *days)
    result = reads.rising(now=NOW)
    assert (result.first_day, result.last_day) == (date(2026, 12, 1), date(2026, 12, 7))
    got = [(i.count, i.previous) for i in result.items["country"]]
    assert got == ([expected] if expected else [])


def test_home_heading_says_the_dates_and_counts_open_their_lists(client):
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    iran = CountryFactory(iso2="IR", iso3="IRN", name="Iran", slug="iran")
    # A historical corpus: its newest articles are years before today.
    old = datetime(2012, 6, 16, 12, tzinfo=UTC)
    write(syria, 0, 1, 2, 3, 6.4, 20, now=old)
    write(iran, 0, now=old)
    sync(wait=True)
    response = client.get("/")
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())
    assert "Rising: 10–16 Jun 2012 vs the 4 weeks before" in text
    assert (
        "Articles in the 7 days from 10 June 2012 to 16 June 2012 against their weekly average "
        "over the 4 weeks from 13 May 2012 to 9 June 2012; only what is in at least 3 articles "
        "of those 7 days. The corpus is historical" in text
    )
    (item,) = response.context["rising"].items["country"]
    assert (item.key, item.count, item.previous) == ("sy", 5, 0.25)
    assert item.list_url == "/articles/?country=sy&date_from=2012-06-10&date_to=2012-06-16"
    assert client.get(item.list_url).context["counts"].total == item.count


def test_empty_state_when_nothing_qualifies(client):
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    write(syria, 1, 2, now=datetime(2012, 6, 16, tzinfo=UTC))
    html = client.get("/").content.decode()
    assert "Nothing rose: no country, official or topic is in at least 3 articles" in html
    assert html.count("<h2") == html.count("</h2>")


@pytest.mark.parametrize(
    ("stragglers", "said"), [(3, "the 3 articles after them"), (1, "the 1 article after them")]
)
def test_a_historical_window_says_the_newer_articles_it_leaves_out(client, stragglers, said):
    """The window ends on the 20th newest article's day: the few newer ones are said, and
    linked to a list of exactly that many, instead of calling the window the newest days."""
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    old = datetime(2012, 6, 16, 12, tzinfo=UTC)
    write(syria, *[0.1] * 20, now=old)  # 20 articles on 16 June
    newest = old + timedelta(days=30)
    write(syria, *[i * 5 for i in range(stragglers)], now=newest)  # stragglers to 16 July
    sync(wait=True)
    response = client.get("/")
    rising = response.context["rising"]
    assert (rising.first_day, rising.last_day, rising.later) == (
        date(2012, 6, 10),
        date(2012, 6, 16),
        stragglers,
    )
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())
    assert (
        f"The corpus is historical: these 7 days are not this calendar week but the last with "
        f"enough articles; {said} (the newest on 16 July 2012)"
    ) in text
    assert "last 7 days of its newest articles" not in text
    assert f'<a href="{rising.later_url}">' in response.content.decode()
    assert client.get(rising.later_url).context["counts"].total == stragglers


def test_a_historical_window_without_stragglers_ends_on_the_newest_article(client):
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    write(syria, 0, 1, 2, now=datetime(2012, 6, 16, 12, tzinfo=UTC))
    sync(wait=True)
    response = client.get("/")
    assert response.context["rising"].later == 0
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())
    assert "these are the 7 days to its newest article, not this calendar week." in text
