"""ArticleFilterSet: every parameter of the contract (docs/architecture.md), bad input ignored."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from articles.filtersets import Q_MAX_LENGTH, ArticleFilterSet
from tests.factories import (
    ArticleFactory,
    CountryAliasFactory,
    OfficialFactory,
    at,
    list_world,
    tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = list_world()
    w["kerry"] = OfficialFactory(name="John Kerry", slug="john-kerry")
    w["a"] = tag(
        ArticleFactory(title="Russia and Syria sign", source=w["ledger"], published_at=at(1)),
        w["sy"],
        w["ru"],
        w["lavrov"],
        focus=True,
    )
    tag(w["a"], w["un"], w["sanctions"])
    w["b"] = tag(
        ArticleFactory(title="Syria talks in Geneva", source=w["wire"], published_at=at(10)),
        w["sy"],
        w["kerry"],
    )
    w["c"] = tag(
        ArticleFactory(title="Paris hosts Moscow", source=w["wire"], published_at=at(20)),
        w["ru"],
        w["fr"],
        focus=True,
    )
    w["d"] = tag(ArticleFactory(title="Undated Syria piece", published_at=None), w["sy"])
    return w


def ids(params: str) -> set[str]:
    return {a.title for a in ArticleFilterSet(QueryDict(params)).qs}


def test_no_parameters_lists_every_public_story(world):
    ArticleFactory(title="Hidden", status="hidden")
    assert ids("") == {
        "Russia and Syria sign",
        "Syria talks in Geneva",
        "Paris hosts Moscow",
        "Undated Syria piece",
    }


def test_q_full_text_with_websearch_syntax(world):
    assert ids("q=geneva") == {"Syria talks in Geneva"}
    assert ids("q=syria -geneva") == {"Russia and Syria sign", "Undated Syria piece"}
    assert ids('q="syria talks"') == {"Syria talks in Geneva"}
    assert ids("q=geneva or paris") == {"Syria talks in Geneva", "Paris hosts Moscow"}


# "or" joins the two words beside it only: every other word stays required.
OR_CASES = [
    ("syria geneva or paris", {"Syria talks in Geneva"}),
    ("paris syria or geneva", set()),
    ("geneva or moscow paris", {"Paris hosts Moscow"}),
    ("moscow moscow or syria", {"Paris hosts Moscow"}),
    (
        "syria or paris -geneva",
        {"Russia and Syria sign", "Undated Syria piece", "Paris hosts Moscow"},
    ),
]


@pytest.mark.parametrize("copies", ["", "&copies=all"], ids=["stories", "copies"])
@pytest.mark.parametrize(("q", "expected"), OR_CASES, ids=[q for q, _ in OR_CASES])
def test_or_joins_its_neighbours_only_in_postgresql_as_in_the_index(
    client, world, q, expected, copies
):
    params = f"{urlencode({'q': q})}{copies}"
    assert ids(params) == expected
    listed = client.get(f"/articles/?{params}").context["page"].rows
    assert {row.title for row in listed} == expected


def test_country_is_case_insensitive_repeatable_any(world):
    assert (
        ids("country=SY")
        == ids("country=sy")
        == {
            "Russia and Syria sign",
            "Syria talks in Geneva",
            "Undated Syria piece",
        }
    )
    assert ids("country=fr&country=sy") == ids("country=sy") | {"Paris hosts Moscow"}


def test_country_also_accepts_a_name_or_alias(world):
    CountryAliasFactory(country=world["sy"], alias="Syrian Arab Republic")
    fs = ArticleFilterSet(QueryDict("country=Syrian Arab Republic&country=france"))
    assert [e.key for e in fs.criteria.country] == ["sy", "fr"]
    assert fs.ignored == []


def test_match_all_is_co_coverage(world):
    assert ids("country=ru&country=sy&match=all") == {"Russia and Syria sign"}
    assert ids("country=ru&country=sy&match=any") == ids("country=ru") | ids("country=sy")


def test_focus_keeps_only_focus_mentions(world):
    assert ids("country=sy&focus=1") == {"Russia and Syria sign"}
    assert ids("official=john-kerry&focus=1") == set()
    assert ids("focus=1") == {"Russia and Syria sign", "Paris hosts Moscow"}


def test_official_organization_topic_source(world):
    assert ids("official=sergey-lavrov&official=john-kerry") == {
        "Russia and Syria sign",
        "Syria talks in Geneva",
    }
    assert ids("organization=un") == {"Russia and Syria sign"}
    assert ids("topic=sanctions") == {"Russia and Syria sign"}
    assert ids("source=wire") == {"Syria talks in Geneva", "Paris hosts Moscow"}


def test_dates_are_inclusive_and_exclude_undated(world):
    assert ids("date_from=2014-03-10&date_to=2014-03-20") == {
        "Syria talks in Geneva",
        "Paris hosts Moscow",
    }
    assert ids("date_to=2014-03-01") == {"Russia and Syria sign"}
    assert ids("undated=1") == {"Undated Syria piece"}


def test_suppressed_mentions_are_ignored(world):
    tag(world["c"], world["sy"], suppressed=True)
    assert "Paris hosts Moscow" not in ids("country=sy")


def test_copies_of_a_story_collapse_unless_asked(world):
    from articles.models import NearDuplicateGroup

    group = NearDuplicateGroup.objects.create(lead=world["b"], size=2)
    world["b"].duplicate_group = group
    world["b"].save()
    copy = ArticleFactory(
        title="Syria talks in Geneva (copy)",
        source=world["ledger"],
        published_at=at(10),
        duplicate_group=group,
        is_story_lead=False,
    )
    tag(copy, world["sy"])
    assert "Syria talks in Geneva (copy)" not in ids("country=sy")
    assert "Syria talks in Geneva (copy)" in ids("country=sy&copies=all")
    # A source filter shows that outlet's copy.
    assert "Syria talks in Geneva (copy)" in ids("source=ledger")


def test_sort_defaults_to_relevance_with_q():
    assert ArticleFilterSet(QueryDict("q=x")).sort_order == "relevance"
    assert ArticleFilterSet(QueryDict("")).sort_order == "newest"
    assert ArticleFilterSet(QueryDict("sort=oldest&q=x")).sort_order == "oldest"
    fs = ArticleFilterSet(QueryDict("sort=relevance"))
    assert fs.sort_order == "newest"
    assert any("relevance" in m for m in fs.ignored)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ("country=zz", "country"),
        ("country=<script>", "country"),
        ("official=nobody", "official"),
        ("organization=nope", "organization"),
        ("topic=nope", "topic"),
        ("source=nope", "source"),
        ("date_from=yesterday", "date_from"),
        ("date_to=2014-02-30", "date_to"),
        ("date_from=2014-05-01&date_to=2014-01-01", "date_from"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("sort=sideways", "sort"),
        ("match=some", "match"),
        ("focus=yes", "focus"),
        ("q=a&q=b", "q"),
        ("colour=red", "colour"),
        ("q=%00", "q"),
        ("country=s%00y", "country"),
    ],
)
def test_bad_values_are_ignored_with_a_reason(world, params, field):
    fs = ArticleFilterSet(QueryDict(params))
    assert field in fs.errors, fs.errors
    assert fs.ignored
    assert not fs.is_valid()
    list(fs.qs)  # still a usable queryset


def test_good_values_survive_next_to_bad_ones(world):
    fs = ArticleFilterSet(QueryDict("country=sy&country=zz&date_from=nonsense&date_to=2014-03-05"))
    assert [e.key for e in fs.criteria.country] == ["sy"]
    assert fs.criteria.date_to == date(2014, 3, 5)
    assert fs.criteria.date_from is None
    assert {a.title for a in fs.qs} == {"Russia and Syria sign"}


def test_long_q_is_cut():
    fs = ArticleFilterSet(QueryDict("q=" + "x" * 10_000))
    assert len(fs.criteria.q) == Q_MAX_LENGTH
    assert any("cut" in m for m in fs.ignored)


def test_entity_resolution_is_one_query(world, django_assert_num_queries):
    fs = ArticleFilterSet(
        QueryDict("country=sy&official=sergey-lavrov&organization=un&topic=sanctions&source=wire")
    )
    with django_assert_num_queries(1):
        fs.criteria  # noqa: B018


def test_canonical_params_round_trip(world):
    fs = ArticleFilterSet(QueryDict("country=SY&country=Russia&match=all&q=talks&sort=oldest"))
    assert fs.params() == [
        ("q", "talks"),
        ("country", "sy"),
        ("country", "ru"),
        ("match", "all"),
        ("sort", "oldest"),
    ]
