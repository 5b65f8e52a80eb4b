"""The outlet index (/sources/) and an outlet's page (/sources/<slug>/): every number is the
count of the list it links to, the share's arithmetic, links from everywhere an outlet is
shown, downloads, bad parameters, query counts."""

from __future__ import annotations

import csv
import re
from datetime import date
from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, NearDuplicateGroup
from articles.search.indexing import sync
from articles.selectors.pages.outlets import format_percent
from tests.factories import ArticleFactory, SourceFactory, at, list_world, tag

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12


def _listed(client, url: str) -> int:
    return client.get(url).context["counts"].total


@pytest.fixture
def outlets():
    """The Ledger (5 articles: one hidden, one undated, one a copy of a Wire story) and The
    Wire (3 articles), over two years; a third outlet with only a hidden article."""
    world = list_world()
    ledger, wire = world["ledger"], world["wire"]
    ledger.domain, ledger.publisher_country = "ledger.example", world["fr"]
    ledger.save()
    world["empty"] = SourceFactory(slug="quiet", name="The Quiet Times")
    ArticleFactory(source=world["empty"], status="hidden", published_at=at(1))
    wire_story = [ArticleFactory(source=wire, published_at=at(d)) for d in (2, 3)]
    ArticleFactory(source=wire, published_at=at(5, 1, 2015))
    own = [ArticleFactory(source=ledger, published_at=at(d)) for d in (2, 4)]
    own.append(ArticleFactory(source=ledger, published_at=at(9, 6, 2015)))
    undated = ArticleFactory(source=ledger, published_at=None)
    ArticleFactory(source=ledger, status="hidden", published_at=at(4))
    # The Ledger's copy of the Wire's first story: a story of two, the Wire's leading.
    copy = ArticleFactory(source=ledger, published_at=at(3))
    group = NearDuplicateGroup.objects.create(lead=wire_story[0], size=2)
    Article.objects.filter(pk__in=[wire_story[0].pk, copy.pk]).update(duplicate_group=group)
    Article.objects.filter(pk=copy.pk).update(is_story_lead=False)
    for article in (*own, copy):
        tag(article, world["sy"], world["un"], world["sanctions"], world["lavrov"])
    tag(own[0], world["ru"])
    tag(undated, world["ru"])
    tag(wire_story[0], world["sy"])
    sync(wait=True)
    return {**world, "own": own, "copy": copy, "undated": undated}


def test_index_lists_outlets_by_coverage_with_counts_of_their_lists(
    client, outlets, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/sources/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.entity.slug, r.count) for r in rows] == [("ledger", 5), ("wire", 3), ("quiet", 0)]
    assert response.context["total"] == 8  # every published article, each copy counted
    html = response.content.decode()
    for row in rows:
        assert row.entity.get_absolute_url() in html
        if row.count:
            url = f"/articles/?source={row.entity.slug}"
            assert f'href="{url}"' in html
            assert _listed(client, url) == row.count
    assert _listed(client, "/articles/?copies=all") == 8
    assert rows[0].share == 5 / 8 and rows[0].percent == "62.5 %"
    assert "ledger.example" in html and "France" in html
    by_name = client.get("/sources/?sort=name").context["rows"]
    assert [r.entity.name for r in by_name] == ["The Ledger", "The Quiet Times", "The Wire"]


def test_index_search_pagination_and_empty_states(client, outlets, monkeypatch):
    assert [r.entity.slug for r in client.get("/sources/?q=LEDGER.ex").context["rows"]] == [
        "ledger"
    ]
    html = client.get("/sources/?q=nothing-like-it").content.decode()
    assert "No outlet’s name or domain contains “nothing-like-it”" in html
    from articles.views import outlets as views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get("/sources/")
    assert [r.entity.slug for r in first.context["rows"]] == ["ledger", "wire"]
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/sources/?page=2")
    assert [r.entity.slug for r in second.context["rows"]] == ["quiet"]
    past = client.get("/sources/?page=9")
    assert past.status_code == 200 and past.context["rows"] == []
    assert "Page 9 is past the last page" in past.content.decode()
    assert 'href="?page=2"' in past.content.decode()


def test_index_without_outlets(client):
    html = client.get("/sources/").content.decode()
    assert "No outlets yet" in html


def test_index_says_what_it_ignored(client, outlets):
    html = client.get("/sources/?sort=loudest&page=abc").content.decode()
    assert "Unknown sort “loudest” ignored" in html
    assert "Page “abc” is not a page number" in html


def test_outlet_page_numbers_are_the_counts_of_the_lists_they_open(
    client, outlets, django_assert_max_num_queries
):
    client.get("/sources/ledger/")  # the all-articles overview is cached per index state
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/sources/ledger/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    # Its own stories, its undated one and its copy of the Wire's story; not the hidden one.
    assert (coverage.total, coverage.dated, coverage.undated) == (5, 4, 1)
    assert coverage.total == _listed(client, response.context["all_url"])
    html = response.content.decode()
    together = coverage.together
    assert [(i.key, i.count) for i in together["country"]] == [("sy", 4), ("ru", 2)]
    assert [(i.key, i.count) for i in together["official"]] == [("sergey-lavrov", 4)]
    assert [(i.key, i.count) for i in together["organization"]] == [("un", 4)]
    assert [(i.key, i.count) for i in together["topic"]] == [("sanctions", 4)]
    for items in together.values():
        for item in items:
            assert item.list_url.startswith("/articles/?source=ledger&")
            assert item.list_url.replace("&", "&amp;") in html
            assert item.url in html  # the entity's own page
            assert _listed(client, item.list_url) == item.count
    assert "/organizations/un/" in html and "/countries/sy/" in html
    for month, count, url in response.context["chart_series"]:
        assert (month, _listed(client, url)) == (month, count)
    assert len(response.context["recent"]) == 4  # dated public articles only
    assert "Share of all coverage" in html and "France" in html


def test_outlet_share_of_all_coverage(client, outlets):
    response = client.get("/sources/ledger/")
    share = response.context["share"]
    assert (share.count, share.everything) == (5, 8)
    assert share.share == 5 / 8
    # Per year: 2014 the Ledger's 3 dated (2 own, the copy) of 5; 2015 its 1 of 2.
    assert [(p.start.year, p.count, p.everything) for p in share.years] == [
        (2014, 3, 5),
        (2015, 1, 2),
    ]
    assert [p.percent for p in share.years] == ["60.0 %", "50.0 %"]
    march = next(p for p in share.months if p.start == date(2014, 3, 1))
    assert (march.count, march.everything) == (3, 5)
    assert all(p.everything >= p.count for p in share.months)
    html = response.content.decode()
    for period, own_url, every_url in response.context["share_years"]:
        assert _listed(client, own_url) == period.count
        assert _listed(client, every_url) == period.everything
        assert own_url.replace("&", "&amp;") in html
    assert _listed(client, response.context["everything_url"]) == share.everything


def test_outlet_with_no_public_articles_and_unknown_outlets(client, outlets):
    response = client.get("/sources/quiet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No published articles from The Quiet Times" in html
    assert "No share to show" in html
    assert response.context["coverage"].total == 0
    assert client.get("/sources/no-such-outlet/").status_code == 404
    assert client.get("/sources/%00/").status_code == 404
    assert client.get("/sources/" + "x" * 300 + "/").status_code == 404


def test_outlet_downloads(client, outlets):
    response = client.get("/sources/ledger/?download=timeline.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "# Filters: source=ledger (The Ledger)" in text
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    march = next(r for r in rows if r["month"] == "2014-03-01")
    assert (march["articles"], march["all_articles"], march["share"]) == ("3", "5", "0.6")
    facet = client.get("/sources/ledger/?download=facet-country.csv").content.decode()
    body = [line for line in facet.splitlines() if not line.startswith("#")]
    assert body[0] == "rank,name,key,articles,list"
    assert body[1] == "1,Syria,sy,4,http://testserver/articles/?source=ledger&country=sy"
    years = client.get("/sources/ledger/?download=share-year.csv").content.decode()
    assert "2014,3,5,0.6" in years
    index = client.get("/sources/?download=sources.csv").content.decode()
    assert "ledger,The Ledger,ledger.example,FR,5,0.625" in index
    svg = client.get("/sources/ledger/?download=timeline.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert "Filters: source=ledger (The Ledger)" in svg.content.decode()
    bad = client.get("/sources/ledger/?download=share-year.svg")
    assert bad.status_code == 400 and "share-year.csv" in bad.content.decode()


def test_outlets_are_linked_from_rows_detail_facets_nav_and_home(client, outlets):
    article = outlets["own"][0]
    page = client.get("/articles/").content.decode()
    assert 'class="source" href="/sources/ledger/"' in page  # list rows
    assert 'href="/sources/ledger/" aria-label="The Ledger: its page"' in page  # facets
    assert 'href="/sources/"' in page  # the nav
    detail = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="page-kicker"><a href="/sources/ledger/">The Ledger</a>' in detail
    home = client.get("/").content.decode()
    assert 'class="source" href="/sources/ledger/"' in home  # latest articles
    assert '<a href="/sources/">' in home
    # An entity page's recent articles (a country's lists only those where it is a focus).
    official = client.get(outlets["lavrov"].get_absolute_url()).content.decode()
    assert 'class="source" href="/sources/ledger/"' in official
    # The Wire's story lists the Ledger's copy, with a link to the outlet.
    lead = Article.objects.get(pk=outlets["copy"].pk).duplicate_group.lead
    story = client.get(lead.get_absolute_url()).content.decode()
    assert 'href="/sources/ledger/" aria-label="About The Ledger"' in story
    assert '<p class="page-kicker"><a href="/sources/wire/">The Wire</a>' in story


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (None, "–"),
        (0.0, "0.0 %"),
        (1.0, "100.0 %"),
        (0.625, "62.5 %"),
        (0.0833333, "8.33 %"),
        (0.0004237, "0.042 %"),
        (0.1234, "12.3 %"),
    ],
)
def test_percent_reads_at_every_size(share, expected):
    assert format_percent(share) == expected


def test_outlet_page_has_one_h1_and_no_skipped_heading_levels(client, outlets):
    for url in ("/sources/", "/sources/ledger/", "/sources/quiet/"):
        html = client.get(url).content.decode()
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
        assert levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_urls_by_name():
    assert reverse("articles:source_list") == "/sources/"
    assert reverse("articles:source_detail", args=["ledger"]) == "/sources/ledger/"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "sort", "page", "download"]),
        st.text(max_size=30),
        max_size=4,
    ),
    slug=st.text(max_size=20).filter(lambda s: "/" not in s and s not in (".", "..")),
)
def test_bad_parameters_never_answer_5xx(client, params, slug):
    for url in ("/sources/", f"/sources/{quote(slug or 'x', safe='')}/"):
        try:
            response = client.get(url, params)
        except Exception as error:  # noqa: BLE001 - the test is that nothing escapes
            pytest.fail(f"{url} {params!r}: {error!r}")
        assert response.status_code < 500, (url, params, unescape(response.content.decode()[:200]))


def test_api_lists_outlets_and_one_by_slug(client, outlets, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_LIMIT):
        listed = client.get("/api/sources/").json()
    assert [s["slug"] for s in listed["results"]] == ["ledger", "quiet", "wire"]
    one = client.get("/api/sources/ledger/").json()
    assert one == {
        "slug": "ledger",
        "name": "The Ledger",
        "domain": "ledger.example",
        "publisher_country": "FR",
    }
    assert client.get("/api/sources/wire/").json()["publisher_country"] is None
    assert client.get("/api/sources/nothing/").status_code == 404
    assert "sources" in client.get("/api/").json()
