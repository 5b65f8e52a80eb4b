"""The country page leads with the articles about the country (it is a focus), not its
passing mentions; each number is the size of the list its link opens.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from articles.models import ArticleCountry
from articles.search.indexing import sync
from tests.factories import ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2016, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def syria():
    """Syria: three articles about it (older), twelve newer passing mentions, one undated focus."""
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    rows = [(f"About Syria {i}", True, DAY - timedelta(days=30 + i)) for i in range(3)]
    rows += [(f"In passing {i}", False, DAY - timedelta(days=i)) for i in range(12)]
    rows.append(("Undated about Syria", True, None))
    for title, focus, at in rows:
        article = ArticleFactory(title=title, published_at=at)
        ArticleCountry.objects.create(
            article=article, country=syria, is_focus=focus, published_at=at
        )
    sync(wait=True)
    return syria


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_recent_articles_are_the_focus_ones_newest_first(
    client, syria, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/countries/sy/")
    assert [a.title for a in response.context["recent"]] == [
        "About Syria 0",
        "About Syria 1",
        "About Syria 2",
    ]
    text = text_of(response.content.decode())
    assert "Recent articles about Syria" in text
    assert "All recent mentions (16 articles, passing mentions too)" in text
    assert "All 4 articles about Syria" in text  # the undated one is in the list, not the rows
    html = response.content.decode()
    assert 'href="/articles/?country=sy&amp;focus=1">All 4 articles about Syria</a>' in html


def test_each_recent_number_is_its_list_count(client, syria):
    response = client.get("/countries/sy/")
    focus = response.context["recent_focus"]
    assert client.get(focus["url"]).context["counts"].total == focus["total"] == 4
    all_url = response.context["all_url"]
    assert client.get(all_url).context["counts"].total == response.context["coverage"].total == 16


def test_no_focus_article_points_to_the_mentions(client):
    chad = CountryFactory(iso2="TD", iso3="TCD", name="Chad", slug="chad")
    article = ArticleFactory(title="Passing", published_at=DAY)
    ArticleCountry.objects.create(article=article, country=chad, is_focus=False, published_at=DAY)
    sync(wait=True)
    text = text_of(client.get("/countries/td/").content.decode())
    assert (
        "No dated articles where Chad is a focus yet. See the 1 article that mentions it." in text
    )


def test_official_and_topic_pages_keep_their_recent_articles(client, syria):
    from tests.factories import OfficialFactory

    official = OfficialFactory(name="Jo Envoy", slug="jo-envoy")
    response = client.get(official.get_absolute_url())
    assert "recent_focus" not in response.context
    assert "Recent articles" in response.content.decode()
