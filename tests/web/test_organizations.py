"""The organisation index (/organizations/) and an organisation's page: every number is the
count of the list it links to, links from everywhere an organisation is shown, downloads,
bad parameters, query counts."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleOrganisation, NearDuplicateGroup, OrganisationAlias
from articles.search.indexing import sync
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    at,
    list_world,
    tag,
)

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12


def _listed(client, url: str) -> int:
    return client.get(url).context["counts"].total


@pytest.fixture
def orgs():
    """The UN in four stories (one undated), NATO in two of them, the EU in none; noise the
    pages must not count: a hidden article, a later copy of a story, a suppressed mention."""
    world = list_world()
    nato = OrganisationFactory(
        slug="nato", name="North Atlantic Treaty Organization", abbreviation="NATO"
    )
    OrganisationAlias.objects.create(organisation=nato, alias="Atlantic Alliance", kind="name")
    world["eu"] = OrganisationFactory(slug="eu", name="European Union", abbreviation="EU")
    stories = [
        ArticleFactory(source=world["wire"], published_at=at(2)),
        ArticleFactory(source=world["ledger"], published_at=at(3)),
        ArticleFactory(source=world["wire"], published_at=at(1, 5)),
        ArticleFactory(source=world["ledger"], published_at=None),
    ]
    for article in stories:
        tag(article, world["un"], world["sy"], world["sanctions"])
    tag(stories[0], nato, world["lavrov"], world["ru"])
    tag(stories[1], nato, world["ru"])
    hidden = ArticleFactory(status="hidden", published_at=at(2))
    tag(hidden, world["un"], nato)
    copy = ArticleFactory(source=world["ledger"], published_at=at(2))
    group = NearDuplicateGroup.objects.create(lead=stories[0], size=2)
    Article.objects.filter(pk__in=[stories[0].pk, copy.pk]).update(duplicate_group=group)
    Article.objects.filter(pk=copy.pk).update(is_story_lead=False)
    tag(copy, world["un"], nato)
    suppressed = ArticleFactory(published_at=at(4))
    tag(suppressed, world["un"], suppressed=True)
    sync(wait=True)
    return {**world, "nato": nato, "stories": stories}


def test_index_by_coverage_counts_the_lists_it_links(client, orgs, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/organizations/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.entity.slug, r.count) for r in rows] == [("un", 4), ("nato", 2), ("eu", 0)]
    html = response.content.decode()
    for row in rows:
        assert f'href="{row.entity.get_absolute_url()}"' in html
        if row.count:
            url = f"/articles/?organization={row.entity.slug}"
            assert f'href="{url}"' in html
            assert _listed(client, url) == row.count
    by_name = [r.entity.slug for r in client.get("/organizations/?sort=name").context["rows"]]
    assert by_name == ["eu", "nato", "un"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("nato", ["nato"]), ("atlantic all", ["nato"]), ("union", ["eu"]), ("UN", ["un"])],
)
def test_index_search_by_name_abbreviation_or_alias(client, orgs, text, expected):
    rows = client.get("/organizations/", {"q": text}).context["rows"]
    assert [r.entity.slug for r in rows][: len(expected)] == expected


def test_index_empty_states_and_pages(client, orgs, monkeypatch):
    html = client.get("/organizations/?q=zzz").content.decode()
    assert "No organisation is called “zzz”" in html
    from articles.views import outlets as views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get("/organizations/?sort=name")
    assert 'href="?sort=name&amp;page=2"' in first.content.decode()
    assert [
        r.entity.slug for r in client.get("/organizations/?sort=name&page=2").context["rows"]
    ] == ["un"]
    past = client.get("/organizations/?page=7").content.decode()
    assert "Page 7 is past the last page" in past


def test_index_without_organisations(client):
    assert "No organisations loaded" in client.get("/organizations/").content.decode()


def test_organisation_page_numbers_are_the_counts_of_the_lists_they_open(
    client, orgs, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/organizations/un/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert (coverage.total, coverage.dated, coverage.undated) == (4, 3, 1)
    assert coverage.total == _listed(client, response.context["all_url"])
    together = coverage.together
    assert [(i.key, i.count) for i in together["organization"]] == [("nato", 2)]
    assert [(i.key, i.count) for i in together["country"]] == [("sy", 4), ("ru", 2)]
    assert [(i.key, i.count) for i in together["official"]] == [("sergey-lavrov", 1)]
    assert [(i.key, i.count) for i in together["topic"]] == [("sanctions", 4)]
    html = response.content.decode()
    # Its own kind with match=all: both organisations, not either.
    assert 'href="/articles/?organization=un&amp;organization=nato&amp;match=all"' in html
    for items in together.values():
        for item in items:
            assert item.list_url.replace("&", "&amp;") in html
            assert f'href="{item.url}"' in html
            assert _listed(client, item.list_url) == item.count
    for month, count, url in response.context["chart_series"]:
        assert (month, _listed(client, url)) == (month, count)
    assert len(response.context["recent"]) == 3
    assert "Also found as:" not in html  # the UN has no other names here
    nato = client.get("/organizations/nato/").content.decode()
    assert "Atlantic Alliance" in nato and "NATO" in nato


def test_organisation_page_empty_state_and_unknown(client, orgs):
    response = client.get("/organizations/eu/")
    assert response.status_code == 200
    assert "No articles mention European Union yet." in response.content.decode()
    assert client.get("/organizations/no-such-body/").status_code == 404


def test_organisation_downloads(client, orgs):
    text = client.get("/organizations/un/?download=facet-country.csv").content.decode()
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body[0] == "rank,name,key,articles,list"
    assert body[1].startswith("1,Syria,sy,4,")
    assert "# Filters: organization=un (United Nations)" in text
    timeline = client.get("/organizations/un/?download=timeline.csv").content.decode()
    assert "2014-03-01,2," in timeline
    index = client.get("/organizations/?download=organizations.csv").content.decode()
    assert "un,United Nations,UN,4" in index
    assert client.get("/organizations/un/?download=nope.csv").status_code == 400


def test_organisations_are_linked_from_the_article_page_facets_and_nav(client, orgs):
    detail = client.get(orgs["stories"][0].get_absolute_url()).content.decode()
    assert '<a href="/organizations/nato/">North Atlantic Treaty Organization</a>' in detail
    listing = client.get("/articles/").content.decode()
    assert 'href="/organizations/un/" aria-label="United Nations: its page"' in listing
    assert 'href="/organizations/"' in listing  # the nav
    # Entity pages' ranked sections link organisations to their pages.
    assert 'href="/organizations/un/"' in client.get("/sources/wire/").content.decode()
    home = client.get("/").content.decode()
    assert '<a href="/organizations/">' in home


def test_suppressed_mentions_are_not_counted(client, orgs):
    assert ArticleOrganisation.objects.filter(suppressed=True).count() == 1
    assert client.get("/organizations/un/").context["coverage"].total == _listed(
        client, "/articles/?organization=un"
    )


def test_pages_have_one_h1_and_no_skipped_heading_levels(client, orgs):
    for url in ("/organizations/", "/organizations/un/", "/organizations/eu/"):
        html = client.get(url).content.decode()
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
        assert levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)


def test_urls_by_name():
    assert reverse("articles:organization_list") == "/organizations/"
    assert reverse("articles:organization_detail", args=["un"]) == "/organizations/un/"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "sort", "page", "download"]), st.text(max_size=30), max_size=4
    ),
    slug=st.text(max_size=20),
)
def test_bad_parameters_never_answer_5xx(client, params, slug):
    for url in ("/organizations/", f"/organizations/{quote(slug or 'x', safe='')}/"):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)
