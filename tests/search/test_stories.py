"""A story of several copies never hides a copy that matches.

Lists of stories (the default: one row per story) count a story when one of its public
copies matches, show the lead when the lead matches by itself and the matching copy
otherwise; a facet entry counts the stories one of whose copies carries it, which is what
the list it opens shows.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.choices import ArticleStatus
from articles.models import Article, ArticleCountry, NearDuplicateGroup
from tests.curation.conftest import article
from tests.factories import CountryFactory

from .helpers import listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(search_index):
    """A lead about Kashmir and two copies grouped with it, each on its own subject."""
    india = CountryFactory(iso2="IN", name="India", slug="india")
    yemen = CountryFactory(iso2="YE", name="Yemen", slug="yemen")
    lead = article(
        "Kashmir talks stall",
        "Envoys from both capitals ended the round without a statement.",
        published_at=datetime(2019, 3, 4, 12, tzinfo=UTC),
    )
    veto = article(
        "Council vetoes the Yemen resolution",
        "The draft on the port blockade failed after a veto.",
        published_at=datetime(2020, 6, 1, 12, tzinfo=UTC),
    )
    third = article(
        "Border crossings reopen",
        "Trucks queued at the crossing as it reopened at dawn.",
        published_at=datetime(2019, 3, 5, 12, tzinfo=UTC),
    )
    group = NearDuplicateGroup.objects.create(lead=lead, size=3)
    Article.objects.filter(pk__in=[lead.pk, veto.pk, third.pk]).update(duplicate_group=group)
    Article.objects.filter(pk__in=[veto.pk, third.pk]).update(is_story_lead=False)
    ArticleCountry.objects.create(
        article=lead, country=india, count=2, published_at=lead.published_at
    )
    ArticleCountry.objects.create(
        article=veto, country=yemen, count=3, published_at=veto.published_at
    )
    return {"lead": lead, "veto": veto, "third": third, "india": india, "yemen": yemen}


# (query, stories counted, the row that stands for the story)
CASES = [
    ("", 1, "lead"),
    ("q=kashmir", 1, "lead"),
    ('q="Yemen resolution" veto', 1, "veto"),
    ("q=crossing+reopened", 1, "third"),
    ("q=kashmir+veto", 1, "lead"),  # words spread over two copies: the lead stands
    ("q=nothing+like+this", 0, None),
    ("country=YE", 1, "veto"),
    ("country=IN", 1, "lead"),
    ("date_from=2020-01-01", 1, "veto"),
    ("date_to=2019-03-04", 1, "lead"),
]


@pytest.mark.parametrize(("query", "total", "row"), CASES)
def test_a_matching_copy_stands_for_its_story(story, query, total, row):
    shown = listing(query)
    assert shown.total == total
    assert shown.ids == ([story[row].pk] if row else [])


def test_every_copy_is_listed_with_show_every_copy(story):
    shown = listing("q=kashmir+or+veto+or+crossing&copies=all")
    assert shown.total == 3
    assert sorted(shown.ids) == sorted(story[k].pk for k in ("lead", "veto", "third"))


def test_each_facet_number_is_the_total_of_the_list_it_opens(story):
    facets = listing().facets["country"]
    assert facets == {"in": 1, "ye": 1}
    for iso in ("IN", "YE"):
        assert listing(f"country={iso}").total == 1


def test_a_hidden_lead_leaves_its_public_copies_standing(story):
    Article.objects.filter(pk=story["lead"].pk).update(status=ArticleStatus.HIDDEN)
    shown = listing()
    assert (shown.total, shown.ids) == (1, [story["veto"].pk])
    assert listing("q=kashmir").total == 0  # the hidden lead's words no longer match


def test_a_copy_taken_out_of_its_story_is_its_own_row(story):
    Article.objects.filter(pk=story["veto"].pk).update(duplicate_group=None, is_story_lead=True)
    assert listing().total == 2
    assert listing("country=YE").ids == [story["veto"].pk]
    # The story it left no longer carries its words or tags.
    assert listing('q="Yemen resolution"').ids == [story["veto"].pk]
    assert listing("country=IN").ids == [story["lead"].pk]


def test_a_rebuild_counts_each_article_once(story, monkeypatch):
    from articles.search import indexing

    monkeypatch.setattr(indexing, "BATCH", 1)  # each copy's batch rewrites its lead too
    result = indexing.rebuild_index()
    assert (result.indexed, result.removed) == (Article.objects.count(), 0)
