"""A directory's count is the count of the list it opens, when a story's copy alone mentions.

The real corpus showed ``/countries/`` Cuba 228 while ``/articles/?country=cu`` listed 229:
the directories counted the mentions of each story's lead, the lists a story when any of
its public copies mentions the entity. Here a story's copy (not its lead) mentions each
entity, and every directory (countries, the country search, officials searched with
``q``, candidates included, organisations and topics) shows what its list counts.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.factories import (
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    OrganisationFactory,
    TopicFactory,
    at,
    make_story,
    tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Cuba, both Koreas, Nick Merrill (a candidate), the OAS and a topic: each in one
    story of its own lead and in a second story whose copy alone mentions it."""
    w = {
        "cu": CountryFactory(iso2="CU", name="Cuba", slug="cuba", region="Americas"),
        "kp": CountryFactory(iso2="KP", name="North Korea", slug="north-korea"),
        "kr": CountryFactory(iso2="KR", name="South Korea", slug="south-korea"),
        "merrill": OfficialFactory(name="Nick Merrill", slug="nick-merrill", status="candidate"),
        "oas": OrganisationFactory(slug="oas", name="Organization of American States"),
        "embargo": TopicFactory(slug="embargo", name="Embargo"),
    }
    entities = list(w.values())
    tag(ArticleFactory(title="A lead mentions all", published_at=at(1)), *entities)
    _, (lead, copy) = make_story(2)
    tag(lead)  # the lead mentions none of them
    tag(copy, *entities)
    _, (lead2, copy2) = make_story(2)  # a story counted once though both copies mention
    tag(lead2, w["kr"], w["embargo"])
    tag(copy2, w["kr"], w["embargo"])
    ArticleFactory(title="Nothing", published_at=at(3))
    return w


def listed(client, query: str) -> int:
    return client.get(f"/articles/?{query}").context["counts"].total


def test_the_countries_index_counts_as_each_country_list(client, world):
    response = client.get("/countries/")
    counts = {c.iso2: c.article_count for _, cs in response.context["regions"] for c in cs}
    assert counts == {"CU": 2, "KP": 2, "KR": 3}
    for iso2, n in counts.items():
        assert listed(client, f"country={iso2.lower()}") == n
    html = response.content.decode()
    assert 'href="/articles/?country=cu"' in html


def test_the_country_search_counts_as_each_country_list(client, world):
    response = client.get("/countries/?q=Korea")
    hits = [(h.country.iso2, h.article_count) for h in response.context["hits"]]
    assert hits == [("KR", 3), ("KP", 2)]  # both Koreas, most covered first
    for iso2, n in hits:
        assert listed(client, f"country={iso2.lower()}") == n
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    assert "South Korea 3 articles" in text and "North Korea 2 articles" in text


def test_the_officials_search_counts_a_candidate_as_its_list(client, world):
    response = client.get("/officials/?q=nick+merrill")
    rows = [(o.slug, o.article_count) for o in response.context["page"].object_list]
    assert rows == [("nick-merrill", 2)]
    assert listed(client, "official=nick-merrill") == 2


def test_the_organisations_index_counts_as_each_list(client, world):
    response = client.get("/organizations/")
    rows = {r.entity.slug: r.count for r in response.context["rows"]}
    assert rows == {"oas": 2}
    assert listed(client, "organization=oas") == 2


def test_the_topics_index_counts_as_each_list(client, world):
    response = client.get("/topics/")
    counts = {t.slug: t.article_count for t in response.context["topics"]}
    assert counts == {"embargo": 3}
    assert listed(client, "topic=embargo") == 3
    assert 'href="/articles/?topic=embargo"' in response.content.decode()


def test_a_suppressed_or_unpublished_copy_does_not_count(client, world):
    _, (lead, copy) = make_story(2)
    tag(copy, world["cu"], suppressed=True)
    _, (lead, copy) = make_story(2)
    copy.status = "hidden"
    copy.save(update_fields=["status"])
    tag(copy, world["cu"])
    cuba = next(
        c for _, cs in client.get("/countries/").context["regions"] for c in cs if c.iso2 == "CU"
    )
    assert (cuba.article_count, listed(client, "country=cu")) == (2, 2)


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/countries/", 4), ("/countries/?q=Korea", 6), ("/topics/", 3), ("/officials/?q=nick", 6)],
)
def test_directories_read_a_bounded_number_of_queries(
    client, world, url, queries, django_assert_max_num_queries
):
    client.get(url)  # the index built, the counts kept
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
