"""/articles/: facets, counts, timeline, sorting, pages, highlighting, bad input, permalinks."""

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filtersets import ArticleFilterSet
from articles.models import NearDuplicateGroup
from articles.search.indexing import sync
from articles.selectors import browse
from tests.factories import (
    ArticleFactory,
    SourceFactory,
    at,
    list_world,
    tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = list_world()
    # Multi-valued tags: a1 is about Russia AND Syria, a2 Syria only, a3 Russia and France.
    w["a1"] = tag(
        ArticleFactory(title="Moscow backs Damascus", source=w["ledger"], published_at=at(1)),
        w["sy"],
        w["ru"],
        w["lavrov"],
        w["un"],
        w["sanctions"],
        focus=True,
    )
    w["a2"] = tag(
        ArticleFactory(title="Aid convoy reaches Aleppo", source=w["wire"], published_at=at(5, 4)),
        w["sy"],
    )
    w["a3"] = tag(
        ArticleFactory(title="Paris and Moscow talk", source=w["wire"], published_at=at(9, 5)),
        w["ru"],
        w["fr"],
    )
    w["u"] = tag(
        ArticleFactory(title="Undated Syria note", source=w["ledger"], published_at=None), w["sy"]
    )
    return w


def facet(response, kind):
    return {
        i.key: i.count
        for i, _ in {k: items for k, _, items in response.context["facet_groups"]}[kind]
    }


def test_unfiltered_list_shows_rows_counts_and_timeline(client, world):
    response = client.get("/articles/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "4 articles" in html
    assert "Moscow backs Damascus" in html
    assert response.context["counts"].undated == 1
    series = response.context["timeline"].series
    assert [(d.month, n) for d, n in series] == [(3, 1), (4, 1), (5, 1)]
    assert "<svg" in html and "Data table" in html  # chart with a text alternative


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ("", "1 undated article listed but not on the chart."),
        ("?country=sy", "1 undated article listed but not on the chart."),
        ("?country=sy&date_from=2014-01-01", None),  # the dates leave undated ones out
        ("?undated=1", None),  # nothing to chart
        ("?country=ru", None),  # no undated match
    ],
)
def test_the_chart_says_how_many_listed_articles_it_cannot_show(client, world, params, note):
    html = client.get(f"/articles/{params}").content.decode()
    if note:
        assert note in html
    else:
        assert "not on the chart" not in html


def test_facets_count_the_matches_that_carry_each_entry(client, world):
    response = client.get("/articles/?country=sy")
    # Over the Syria articles (a1, a2 and the undated one): Russia is in one of them.
    assert facet(response, "country") == {"sy": 3, "ru": 1}
    assert facet(response, "source") == {"ledger": 2, "wire": 1}
    assert facet(response, "official") == {"sergey-lavrov": 1}
    response = client.get("/articles/?country=sy&source=wire")
    assert facet(response, "country") == {"sy": 1}
    assert facet(response, "source") == {"wire": 1}


def test_every_facet_number_is_the_size_of_the_list_its_link_opens(client, world):
    followed = 0
    for start in ("", "?country=sy", "?country=ru&focus=1", "?source=wire", "?q=moscow"):
        response = client.get("/articles/" + start)
        for _kind, _title, items in response.context["facet_groups"]:
            for item, url in items:
                if item.selected:
                    continue  # its link removes it
                opened = client.get("/articles/" + url)
                assert opened.context["counts"].total == item.count, (start, url)
                followed += 1
    assert followed >= 10  # every kind offered entries to follow


def test_a_facet_link_narrows_with_match_all_when_its_kind_is_chosen(client, world):
    response = client.get("/articles/?country=sy")
    urls = {
        item.key: url for _, _, items in response.context["facet_groups"] for item, url in items
    }
    assert "match=all" in urls["ru"]
    opened = client.get("/articles/" + urls["ru"])
    assert [a.title for a in opened.context["page"].rows] == ["Moscow backs Damascus"]
    # Several countries matched with "any" (typed by hand): other countries cannot narrow.
    response = client.get("/articles/?country=sy&country=fr")
    keys = {item.key for _, kind, items in response.context["facet_groups"] for item, _ in items}
    assert "ru" not in keys and {"sy", "fr"} <= keys
    assert response.context["facets_unnarrowable"]
    assert "Match all of them" in response.content.decode()
    assert not client.get("/articles/?country=sy").context["facets_unnarrowable"]


def test_facets_ignore_suppressed_mentions_and_honour_focus(client, world):
    tag(world["a3"], world["sy"], suppressed=True)
    assert facet(client.get("/articles/"), "country")["sy"] == 3
    assert facet(client.get("/articles/?focus=1"), "country") == {"sy": 1, "ru": 1}


def test_match_all_lists_co_coverage(client, world):
    response = client.get("/articles/?country=ru&country=sy&match=all")
    assert [a.title for a in response.context["page"].rows] == ["Moscow backs Damascus"]


def test_undated_bucket_counts_and_filters(client, world):
    response = client.get("/articles/?country=sy&date_from=2014-01-01")
    assert response.context["counts"].total == 2
    assert response.context["counts"].undated == 1  # counted over the filters except dates
    undated_url = response.context["undated_url"]
    assert "date_from" not in undated_url and "undated=1" in undated_url
    response = client.get("/articles/" + undated_url)
    assert [a.title for a in response.context["page"].rows] == ["Undated Syria note"]


def test_sorting_newest_oldest_relevance(client, world):
    def titles(params):
        return [a.title for a in client.get("/articles/?" + params).context["page"].rows]

    assert titles("") == [
        "Paris and Moscow talk",
        "Aid convoy reaches Aleppo",
        "Moscow backs Damascus",
        "Undated Syria note",
    ]
    assert titles("sort=oldest") == [
        "Moscow backs Damascus",
        "Aid convoy reaches Aleppo",
        "Paris and Moscow talk",
        "Undated Syria note",
    ]
    ArticleFactory(title="Moscow Moscow Moscow", body="Moscow again.", published_at=at(1, 1))
    assert titles("q=moscow")[0] == "Moscow Moscow Moscow"  # relevance by default
    assert titles("q=moscow&sort=newest")[0] == "Paris and Moscow talk"


def test_pagination_pages_and_out_of_range(client, world):
    source = SourceFactory(slug="bulk")
    for day in range(1, 29):
        ArticleFactory(source=source, published_at=at(day, 1, 2013))
    first = client.get("/articles/?source=bulk")
    assert len(first.context["page"].rows) == 25
    assert first.context["next_url"] == "?source=bulk&page=2"
    second = client.get("/articles/?source=bulk&page=2")
    assert len(second.context["page"].rows) == 3
    assert second.context["next_url"] is None
    assert not {a.pk for a in first.context["page"].rows} & {
        a.pk for a in second.context["page"].rows
    }
    beyond = client.get("/articles/?source=bulk&page=99")
    assert beyond.status_code == 200
    assert beyond.context["page"].number == 2
    assert "Page 99 is past the last page" in beyond.content.decode()


def test_highlighted_snippet_escapes_article_text(client):
    ArticleFactory(
        title='<script>alert("t")</script> Ceasefire',
        body='The ceasefire <script>alert("x")</script> held; "quoted" \'single\' & more. ceasefire',
    )
    response = client.get("/articles/?q=ceasefire")
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>ceasefire</mark>" in html
    snippet = response.context["page"].rows[0].snippet
    assert '"quoted"' not in snippet and "&quot;quoted&quot;" in snippet
    assert "\x02" not in snippet and "\x03" not in snippet


def test_snippet_markers_in_the_body_cannot_open_tags():
    assert browse.snippet_html("a \x02b\x03 <i>\x02") == "a <mark>b</mark> &lt;i&gt;"


def test_also_in_n_outlets_and_every_copy_switch(client, world):
    group = NearDuplicateGroup.objects.create(lead=world["a2"], size=3)
    world["a2"].duplicate_group = group
    world["a2"].save()
    for slug in ("third", "fourth"):
        ArticleFactory(
            title="Aid convoy reaches Aleppo",
            source=SourceFactory(slug=slug),
            published_at=at(5, 4),
            duplicate_group=group,
            is_story_lead=False,
        )
    response = client.get("/articles/")
    rows = response.context["page"].rows
    assert len(rows) == 4
    assert [r.also_in for r in rows if r.pk == world["a2"].pk] == [2]
    assert "also in 2 outlets" in response.content.decode()
    assert len(client.get("/articles/?copies=all").context["page"].rows) == 6


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ("country=zz", "Ignored country"),
        ("date_from=not-a-date", "Ignored date_from"),
        ("date_from=2015-01-01&date_to=2014-01-01", "is after date_to"),
        ("page=100000000", "Ignored page"),
        ("page=40", "Page 40 is past the last page"),
        ("q=" + "war " * 2500, "cut to its first"),
        ("q=a&q=b", "more than once"),
        ("country=sy&country=sy&country=SY", None),
        ("utm_source=mail", "unknown parameter"),
        ("official=%3Cscript%3E", "Ignored official"),
    ],
)
def test_bad_input_answers_200_with_a_message(client, world, params, needle):
    response = client.get("/articles/?" + params)
    assert response.status_code == 200
    if needle:
        assert needle in unescape(response.content.decode())


def test_empty_state_suggests_removing_a_filter(client, world):
    response = client.get("/articles/?country=fr&date_from=2014-03-01&date_to=2014-03-31")
    html = unescape(response.content.decode())
    assert "No articles match" in html
    assert "remove the date filter" in html


def test_type_ahead_suggest_endpoint(client, world):
    data = client.get("/articles/suggest/countries/?q=syr").json()
    assert data["results"][0] == {"value": "sy", "label": "Syria"}
    data = client.get("/articles/suggest/officials/?q=lav").json()
    assert data["results"] == [{"value": "sergey-lavrov", "label": "Sergey Lavrov"}]
    assert client.get("/articles/suggest/nothing/?q=x").status_code == 404
    assert client.get("/articles/suggest/countries/?q=%00").json() == {"results": []}


def test_every_filter_on_stays_within_ten_queries(client, world, django_assert_max_num_queries):
    sync(wait=True)  # indexing the new articles is the writes' work, not the page's
    url = (
        "/articles/?q=moscow&country=sy&country=ru&match=all&focus=1&official=sergey-lavrov"
        "&organization=un&topic=sanctions&source=ledger&date_from=2014-01-01"
        "&date_to=2014-12-31&sort=relevance&page=1"
    )
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert [a.title for a in response.context["page"].rows] == ["Moscow backs Damascus"]
    # Rows' countries and officials are prefetched: more rows, same query count.
    for day in range(1, 20):
        tag(ArticleFactory(published_at=at(day, 6)), world["sy"], world["lavrov"], focus=True)
    sync(wait=True)
    with django_assert_max_num_queries(10):
        client.get("/articles/?country=sy")


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(\?[^"]*)"', html)]


def test_links_keep_every_other_parameter(client, world):
    params = "q=moscow&country=sy&country=ru&source=ledger&date_from=2014-01-01&sort=oldest"
    response = client.get("/articles/?" + params)
    state = set(parse_qsl(params))
    links = response.context["links"]
    # Removing a chip drops only that value.
    assert set(parse_qsl(urlsplit(links.without("country", "ru")).query)) == state - {
        ("country", "ru")
    }
    # Facet links toggle one value and keep the rest.
    for kind, _, items in response.context["facet_groups"]:
        for item, url in items:
            got = set(parse_qsl(urlsplit(url).query))
            if item.selected:
                assert got == state - {(kind, item.key)}
            else:
                assert got == state | {(kind, item.key)}
    # Sort links keep the filters.
    for key, _, url in response.context["sorts"]:
        got = set(parse_qsl(urlsplit(url).query))
        assert got - {("sort", key)} == state - {("sort", "oldest")}
    # Every other link on the page changes one parameter at most ("Clear all" aside).
    for href in _links(response.content.decode()):
        if href == "?":
            continue
        got = set(parse_qsl(urlsplit(href).query))
        assert len({name for name, _ in state - got}) <= 1, href


def test_pagination_links_keep_the_filters(client, world):
    source = SourceFactory(slug="bulk")
    for day in range(1, 29):
        ArticleFactory(source=source, published_at=at(day, 1, 2013))
    response = client.get("/articles/?source=bulk&sort=oldest&page=2")
    prev = response.context["prev_url"]
    assert set(parse_qsl(urlsplit(prev).query)) == {("source", "bulk"), ("sort", "oldest")}


def test_timeline_chart_tag_is_reusable():
    from datetime import date

    from django.template import Context, Template

    html = Template("{% load charts %}{% timeline_chart series 'Coverage of Syria' %}").render(
        Context({"series": [(date(2014, 1, 1), 3), (date(2014, 2, 1), 0), (date(2014, 3, 1), 7)]})
    )
    assert "Coverage of Syria" in html
    assert "<svg" in html and 'role="img"' in html
    assert "<table>" in html and "Mar 2014" in html
    assert "10 articles from Jan 2014 to Mar 2014" in html


def test_facet_names_of_all_kinds_in_one_query(world, django_assert_num_queries):
    fs = ArticleFilterSet(QueryDict("country=sy&official=sergey-lavrov&topic=sanctions"))
    criteria = fs.criteria
    sync(wait=True)
    # The counts come from the index; the queue check and every kind's names: two queries.
    with django_assert_num_queries(2):
        facets = browse.article_facets(criteria=criteria)
    assert {i.key for i in facets.items["topic"]} == {"sanctions"}


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_names = st.sampled_from(
    [
        "q",
        "country",
        "official",
        "organization",
        "topic",
        "source",
        "match",
        "focus",
        "date_from",
        "date_to",
        "sort",
        "page",
        "undated",
        "copies",
        "x",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.lists(st.tuples(st.one_of(_names, _text), _text), max_size=8))
def test_random_query_strings_never_500(client, params):
    response = client.get("/articles/?" + urlencode(params))
    if response.status_code == 400:
        # Only a download the page does not offer is refused, naming what it offers.
        assert any(name == "download" and value for name, value in params), params
        assert "this page offers" in response.content.decode()
    else:
        assert response.status_code == 200


def test_chips_name_each_active_filter(client, world):
    response = client.get("/articles/?country=sy&source=ledger")
    labels = [chip.label for chip in response.context["chips"]]
    assert "Country: Syria" in labels
    assert any(label.startswith("Source: ") for label in labels)


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        ([(date(2021, 4, 1), 1)], "1 article in Apr 2021; the most, 1, in Apr 2021."),
        (
            [(date(2021, 4, 1), 2), (date(2021, 5, 1), 1)],
            "3 articles from Apr 2021 to May 2021, 2 months; the most, 2, in Apr 2021.",
        ),
    ],
)
def test_timeline_description_reads_well(series, expected):
    from articles.templatetags.charts import timeline_chart

    chart = timeline_chart({}, series, "Articles per month", granularity="month")
    assert chart["description"] == expected


def test_a_one_month_timeline_is_described_by_its_month(client):
    # One bar cannot tell the chart whether it counts a month or a week: the list says.
    for day in (3, 17):
        ArticleFactory(title=f"Quorum talks, day {day}", published_at=at(day))
    response = client.get("/articles/?q=quorum")
    summary = "2 articles in Mar 2014; the most, 2, in Mar 2014."
    assert summary in unescape(response.content.decode())
