"""Related coverage on the article page: what the note says is what the query does.

Articles sharing a focus country or official, published within two weeks before or after
the article; those sharing the most first, then the closest in date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from articles.models import ArticleCountry, ArticleOfficial
from tests.factories import ArticleFactory, CountryFactory, OfficialFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2012, 6, 15, 12, tzinfo=UTC)


def about(title: str, at: datetime | None, *countries, focus: bool = True, official=None):
    article = ArticleFactory(title=title, published_at=at)
    for country in countries:
        ArticleCountry.objects.create(
            article=article, country=country, is_focus=focus, published_at=at
        )
    if official is not None:
        ArticleOfficial.objects.create(
            article=article,
            official=official,
            raw_name=official.name,
            is_focus=True,
            published_at=at,
        )
    return article


@pytest.fixture
def syria():
    return CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")


# title, days from the article (None: undated), focus: is it listed, in what order
CASES = [
    ("three days after", 3, True),
    ("one day before", -1, True),
    ("thirteen days before", -13, True),
    ("thirteen days after", 13, True),
    ("fifteen days before", -15, False),
    ("twenty days after", 20, False),
    ("a year before", -365, False),
    ("undated", None, False),
]


def test_window_is_two_weeks_either_side_closest_first(
    client, syria, django_assert_max_num_queries
):
    article = about("The article", DAY, syria)
    for title, days, _ in CASES:
        about(title, None if days is None else DAY + timedelta(days=days), syria)
    about("passing mention the day after", DAY + timedelta(days=1), syria, focus=False)
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url())
    titles = [a.title for a in response.context["detail"].related]
    assert titles == [
        "one day before",
        "three days after",
        "thirteen days after",
        "thirteen days before",
    ]
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())
    assert (
        "published within two weeks before or after it (1 Jun 2012 to 29 Jun 2012): "
        "those sharing the most first, then the closest in date." in text
    )
    assert "up to two weeks after it" not in text


def test_sharing_more_focus_entities_comes_before_closeness(client, syria):
    russia = CountryFactory(iso2="RU", iso3="RUS", name="Russia", slug="russia")
    envoy = OfficialFactory(name="Jo Envoy", slug="jo-envoy")
    article = about("The article", DAY, syria, russia, official=envoy)
    about("close, Syria only", DAY + timedelta(hours=2), syria)
    about("far, all three", DAY - timedelta(days=12), syria, russia, official=envoy)
    about("middle, two", DAY + timedelta(days=5), syria, russia)
    titles = [a.title for a in client.get(article.get_absolute_url()).context["detail"].related]
    assert titles == ["far, all three", "middle, two", "close, Syria only"]


def test_an_undated_article_shows_the_newest_and_says_so(client, syria):
    article = about("Undated article", None, syria)
    about("old", DAY - timedelta(days=900), syria)
    about("new", DAY, syria)
    response = client.get(article.get_absolute_url())
    assert [a.title for a in response.context["detail"].related] == ["new", "old"]
    assert "this article has no date" in response.content.decode()
