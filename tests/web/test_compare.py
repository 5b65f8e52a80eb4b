"""/compare/: series of list states on one timeline; every count equals its list's count."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.charts import lines
from articles.filtersets import ArticleFilterSet
from articles.models import Article, NearDuplicateGroup
from articles.selectors import article_public_queryset
from articles.selectors.browse.criteria import _article_filter, _story_ids, story_filter
from articles.selectors.compare import SeriesSpec, auto_interval, compare_read, period_start, window
from articles.selectors.states import NoMerge, merge, state_of
from tests.factories import ArticleFactory, CountryFactory, at, list_world, tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(open_rate_limits):
    yield


def story(*articles: Article) -> None:
    """Group ``articles`` as one story led by the first (as imports do)."""
    group = NearDuplicateGroup.objects.create(lead=articles[0], size=len(articles))
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(duplicate_group=group)
    Article.objects.filter(pk__in=[a.pk for a in articles[1:]]).update(is_story_lead=False)


@pytest.fixture
def world(db):
    """Russia and China over 2014-2015; a Russian story whose copies straddle Jan/Feb 2014."""
    w = list_world()
    w["cn"] = CountryFactory(iso2="CN", name="China", slug="china")
    ru, cn = w["ru"], w["cn"]
    tag(ArticleFactory(title="Moscow one", published_at=at(5, 1)), ru)
    tag(ArticleFactory(title="Moscow two", published_at=at(20, 1), source=w["wire"]), ru)
    tag(ArticleFactory(title="Moscow three", published_at=at(3, 3)), ru)
    tag(ArticleFactory(title="Moscow sanctions", published_at=at(9, 2, 2015)), ru)
    tag(ArticleFactory(title="Moscow undated", published_at=None), ru)
    tag(ArticleFactory(title="Beijing one", published_at=at(10, 1)), cn)
    tag(ArticleFactory(title="Beijing sanctions", published_at=at(1, 4)), cn, ru)
    ArticleFactory(title="Paris one", published_at=at(15, 1))
    ArticleFactory(title="Paris two", published_at=at(20, 6))
    lead = tag(ArticleFactory(title="Kremlin talks", published_at=at(24, 1)), ru)
    copy = tag(ArticleFactory(title="Kremlin talks", published_at=at(2, 2), source=w["wire"]), ru)
    story(lead, copy)
    return w


def list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["counts"].total


def compare_url(*states: str, **params: str) -> str:
    return "/compare/?" + urlencode([*(("s", s) for s in states), *params.items()])


# name, series states, interval (None: automatic)
EQUALITY_CASES = [
    ("Russia vs China by month", ["country=ru", "country=cn"], "month"),
    ("by week", ["country=ru", "country=cn"], "week"),
    ("by year: a story straddling months counts once", ["country=ru", "q=moscow"], "year"),
    ("by day, dates cut mid-month", ["country=ru&date_from=2014-01-21&date_to=2014-02-10"], "day"),
    ("month, dates cut inside a story", ["country=ru&date_from=2014-01-25"], "month"),
    ("every copy and an outlet", ["country=ru&copies=all", "source=wire"], "month"),
    ("search words", ["q=sanctions", "q=moscow"], None),
]


@pytest.mark.parametrize(
    ("states", "interval"), [c[1:] for c in EQUALITY_CASES], ids=[c[0] for c in EQUALITY_CASES]
)
def test_every_cell_counts_what_its_list_counts(client, world, states, interval):
    params = {"interval": interval} if interval else {}
    response = client.get(compare_url(*states, **params))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert len(comparison.series) == len(states)
    table = response.context["table"]
    for index, series in enumerate(comparison.series):
        assert series.total == list_count(client, f"/articles/?{series.state}")
        for row in table:
            cell = row["cells"][index]
            if cell["url"] is None:
                assert cell["point"].outside
                continue
            assert cell["point"].count == list_count(client, cell["url"]), cell["url"]
            # The share's base: every published article, one per story, in the same dates.
            dates = [(k, v) for k, v in parse_qsl(urlsplit(cell["url"]).query) if "date" in k]
            base = list_count(client, "/articles/?" + urlencode(dates))
            assert cell["point"].base == base
            # Over the default base a series of stories is its own part of the base: its
            # share is its count over the base's, as before the share counted the overlap.
            if "copies=all" not in series.state and "source=" not in series.state:
                assert cell["point"].in_base == cell["point"].count
            assert cell["point"].in_base <= base
            expected = cell["point"].in_base / base if base else None
            assert cell["point"].share == expected


def test_the_year_counts_a_story_once(client, world):
    page = client.get(compare_url("country=ru", interval="year")).context["comparison"]
    years = {p.start: p.count for p in page.series[0].points}
    # 2014: five dated Russian stories (the straddling story once); 2015: one.
    assert years == {date(2014, 1, 1): 5, date(2015, 1, 1): 1}


def test_the_page_shows_labels_links_and_a_chart(client, world):
    response = client.get(compare_url("country=ru", "country=cn&source=wire", interval="month"))
    html = response.content.decode()
    assert response.context["comparison"].series[0].label == "Russia"
    assert response.context["comparison"].series[1].label == "The Wire · China"
    assert 'href="/articles/?country=ru"' in html
    assert html.count('<svg class="chart-svg') == 3  # phone, column, full width
    assert "<h1>" in html and html.count("<h1") == 1
    assert "Remove Russia" in html
    assert 'aria-current="true"><strong>month' in html


def test_an_undated_series_keeps_the_others_styles(client, world):
    response = client.get(compare_url("undated=1", "country=cn", interval="month"))
    series = response.context["comparison"].series
    assert series[0].points == [] and series[0].total == 1
    html = response.content.decode()
    assert 'class="line line-1"' in html and 'class="line line-0"' not in html
    assert "<td>–</td>" in html


def test_share_toggle_is_a_permalink(client, world):
    response = client.get(compare_url("country=ru", show="share"))
    assert response.context["share"] is True
    assert response.context["count_url"] == "/compare/?s=country%3Dru"
    assert "Share of all published articles" in response.content.decode()


def test_a_base_filter_changes_the_shares(client, world):
    url = compare_url("country=ru", interval="month", base="source=wire")
    comparison = client.get(url).context["comparison"]
    assert comparison.base_label == "The Wire"
    january = comparison.series[0].points[0]
    assert january.start == date(2014, 1, 1)
    # The Wire's January: "Moscow two" and the story's copy (dated February) is not in it.
    assert january.base == list_count(
        client, "/articles/?source=wire&date_from=2014-01-01&date_to=2014-01-31"
    )


def test_a_share_is_the_part_of_the_base_the_series_matches(client, world):
    """Russia over The Wire's articles: the Wire articles that mention Russia, not every
    Russian article over the Wire's (which read 485% and 7,750% on the real corpus)."""
    response = client.get(compare_url("country=ru", interval="month", base="source=wire"))
    series = response.context["comparison"].series[0]
    assert series.merged_state == "country=ru&source=wire"
    rows = response.context["table"]
    seen = 0
    for row, point in zip(rows, series.points, strict=True):
        assert point.share is None or point.share <= 1
        dates = f"date_from={point.since}&date_to={point.until}"
        assert point.in_base == list_count(client, f"/articles/?country=ru&source=wire&{dates}")
        assert point.base == list_count(client, f"/articles/?source=wire&{dates}")
        if point.in_base != point.count:  # the table shows the overlap, linked to its list
            assert row["cells"][0]["both_url"] == f"/articles/?country=ru&source=wire&{dates}"
            seen += 1
    january = series.points[0]
    # January: three Russian stories, one of them The Wire's ("Moscow two") of its one.
    assert (january.count, january.in_base, january.base, january.share) == (3, 1, 1, 1.0)
    assert seen
    html = response.content.decode()
    assert "Some shares pass 100%" not in html
    assert 'href="/articles/?country=ru&amp;source=wire&amp;date_from=2014-01-01' in html
    assert "in the base" in html and "counted in copies, as the base is" in html
    shares = client.get(
        compare_url("country=ru", interval="month", base="source=wire", show="share")
    )
    assert shares.context["title"] == "Share of The Wire per month: Russia"  # name's capitals


def test_an_overlap_no_list_says_links_nowhere_and_says_why(client, world):
    """The Wire's copies over every story: the stories The Wire carried, which no list lists."""
    response = client.get(compare_url("source=wire", interval="month"))
    series = response.context["comparison"].series[0]
    assert series.merged_state is None
    assert "none lists the stories they are in" in series.unmerged_reason
    january = series.points[0]
    # "Moscow two", and the Kremlin story (its lead in January, The Wire's copy in February).
    assert (january.count, january.in_base) == (1, 2)
    assert all(c["both_url"] is None for row in response.context["table"] for c in row["cells"])
    html = response.content.decode()
    assert "(2 in the base)" in html
    assert "No list has the articles in both for The Wire" in html


def test_default_base_shares_are_unchanged(client, world):
    """Over every published article a series of stories is its own overlap."""
    comparison = client.get(compare_url("country=ru", "q=moscow", interval="week")).context[
        "comparison"
    ]
    for series in comparison.series:
        assert series.merged_state == series.state
        for point in series.points:
            assert point.in_base == point.count
            assert point.share == (point.count / point.base if point.base else None)


# --- merging two list states ------------------------------------------------------------

Q_WORDS = ["", "moscow", "sanctions", "moscow or beijing", "-paris", '"kremlin talks"', "the"]
DATES = [
    ("", ""),
    ("2014-01-21", ""),
    ("", "2014-02-10"),
    ("2014-01-21", "2014-04-30"),
    ("2015-01-01", "2015-12-31"),
]


@st.composite
def states(draw) -> str:
    """Return a list state over the fixture world (some empty, some that merge badly)."""
    params: list[tuple[str, str]] = []
    q = draw(st.sampled_from(Q_WORDS))
    if q:
        params.append(("q", q))
    for name, values in (("country", ["ru", "cn", "sy"]), ("source", ["wire", "ledger"])):
        chosen = draw(st.lists(st.sampled_from(values), unique=True, max_size=2))
        params += [(name, v) for v in chosen]
    for name, value in (("focus", "1"), ("match", "all"), ("copies", "all")):
        if draw(st.integers(0, 3)) == 0:
            params.append((name, value))
    since, until = draw(st.sampled_from(DATES))
    params += [(k, v) for k, v in (("date_from", since), ("date_to", until)) if v]
    if not (since or until) and draw(st.integers(0, 9)) == 0:
        params.append(("undated", "1"))
    return urlencode(params)


def _criteria(state: str):
    return ArticleFilterSet(QueryDict(state)).criteria


def _reference_overlap(series, base, since, until) -> int:
    """Return, from PostgreSQL, the base's articles in [since, until] the series matches
    too, counted as the base counts (stories or copies)."""
    public = article_public_queryset()
    cut = replace(series, date_from=since, date_to=until)
    if not base.collapses_copies:
        one = _article_filter(public, replace(cut, all_copies=True))
        return one.filter(id__in=_article_filter(public, base).values("id")).count()
    stories = story_filter(public, criteria=replace(cut, source=()))
    if series.source:  # a story a source is in: one of its public copies is the outlet's
        own = public.filter(source_id__in=[e.id for e in series.source])
        stories = stories.filter(id__in=_story_ids(own))
    return stories.filter(id__in=story_filter(public, criteria=base).values("id")).count()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(states(), states())
def test_shares_never_pass_100_percent_and_the_overlap_is_exact(world, series_state, base_state):
    """Over any base, every share ≤ 1; the overlap equals the merged list's count where one
    list state says both (and the state reads back as itself), else PostgreSQL's reference."""
    series, base = _criteria(series_state), _criteria(base_state)
    spec = SeriesSpec(series_state, series, "s")
    comparison = compare_read(specs=[spec], interval="month", base=base)
    found = comparison.series[0]
    event("merged" if found.merged is not None else "no single list")
    event("stories" if base.collapses_copies else "copies")
    if found.merged is not None:
        assert _criteria(found.merged_state) == found.merged
    for point in found.points:
        if point.outside:
            continue
        assert point.in_base <= point.base
        assert point.share is None or 0 <= point.share <= 1
        days = window(base, point.since, point.until)
        if days is None:
            assert point.in_base == 0
            continue
        if found.merged is not None and not found.merged.undated:
            dates = f"&date_from={days[0]}&date_to={days[1]}"
            filterset = ArticleFilterSet(QueryDict(found.merged_state + dates))
            assert point.in_base == filterset.qs.count(), (found.merged_state, days)
        assert point.in_base == _reference_overlap(series, base, *days), (point, days)
        if point.in_base:
            event("an overlap")


@pytest.mark.parametrize(
    ("series", "base", "merged"),
    [
        ("country=ru", "source=wire", "country=ru&source=wire"),
        ("country=ru", "", "country=ru"),
        ("country=ru&copies=all", "", "country=ru"),  # the base counts stories
        ("country=ru", "copies=all", "country=ru&copies=all"),
        ("q=moscow", "q=sanctions", "q=moscow+sanctions"),
        ("country=ru&country=cn&match=all", "country=sy", "country=ru&country=cn&country=sy&match=all"),
        ("country=ru&country=cn", "country=cn&country=ru&country=sy", "country=ru&country=cn"),
        ("country=ru&country=cn&match=all", "country=cn&country=sy", "country=ru&country=cn&match=all"),
        ("source=wire&source=ledger", "source=wire", "source=wire"),
        ("country=ru&focus=1", "source=wire", "country=ru&source=wire&focus=1"),
        ("date_from=2014-01-10", "date_from=2014-01-05&date_to=2014-03-01",
         "date_from=2014-01-10&date_to=2014-03-01"),
    ],
)  # fmt: skip
def test_merge_table(world, series, base, merged):
    assert state_of(merge(_criteria(series), _criteria(base))) == merged


@pytest.mark.parametrize(
    ("series", "base", "reason"),
    [
        ("source=wire", "", "none lists the stories they are in"),
        ("country=ru&country=cn", "country=sy", "no single country filter"),
        ("country=ru&country=cn", "country=sy&source=wire&country=fr&match=all", "no single"),
        ("source=wire", "source=ledger", "different outlets"),
        ("country=ru&focus=1", "country=cn", "focus applies"),
        ("q=moscow or", "q=beijing", "do not join"),
        ("q=the", "q=beijing", "no word"),
        ("date_to=2014-01-01", "date_from=2014-02-01", "do not meet"),
        ("undated=1", "date_from=2014-02-01", "no date"),
    ],
)
def test_merge_refusals(world, series, base, reason):
    with pytest.raises(NoMerge, match=reason):
        merge(_criteria(series), _criteria(base))


def test_empty_state_offers_examples(client, world):
    response = client.get("/compare/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Put several searches on one timeline" in html
    assert "/compare/?s=country%3Dru&amp;s=country%3Dcn" in html


# name, query string, the message expected
BAD_CASES = [
    ("unknown country", "s=country%3Dzz&s=country%3Dru", "Ignored series 1"),
    ("more than six", "&".join(f"s=q%3Dword{n}" for n in range(8)), "at most 6"),
    ("twice", "s=country%3Dru&s=country%3DRussia", "the same list state twice"),
    ("bad interval", "s=country%3Dru&interval=fortnight", "Ignored interval"),
    ("too many days", "s=country%3Dru&interval=day", "more than 2,000 periods"),
    ("unknown parameter", "s=country%3Dru&zoom=2", "unknown parameter"),
    ("bad base", "s=country%3Dru&base=country%3Dzz", "Ignored base"),
    ("bad show", "s=country%3Dru&show=pie", "Ignored show"),
]


@pytest.mark.parametrize(
    ("query", "message"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_bad_parameters_are_ignored_with_a_message(client, world, query, message):
    tag(ArticleFactory(title="Moscow long ago", published_at=at(1, 1, 2005)), world["ru"])
    response = client.get("/compare/?" + query)
    assert response.status_code == 200
    assert any(message in m for m in response.context["messages_ignored"]), response.context[
        "messages_ignored"
    ]


def test_too_many_days_fall_back_to_the_automatic_interval(client, world):
    tag(ArticleFactory(title="Moscow long ago", published_at=at(1, 1, 2005)), world["ru"])
    response = client.get(compare_url("country=ru", interval="day"))
    assert response.context["comparison"].interval == "month"
    # The page offers only the intervals that fit ten years.
    assert [name for name, _, _ in response.context["intervals"]] == ["week", "month", "year"]


def test_the_form_redirects_to_the_permalink(client, world):
    response = client.get(
        "/compare/?row-0-q=&row-0-country=Russia&row-0-state="
        "&row-1-q=&row-1-country=&row-1-state=http%3A%2F%2Fx%2Farticles%2F%3Fcountry%3Dcn"
        "&row-2-q=&row-2-country=&row-2-state=&interval=year"
    )
    assert response.status_code == 302
    assert response["Location"] == compare_url("country=ru", "country=cn", interval="year")
    page = client.get(response["Location"])
    assert [s.state for s in page.context["comparison"].series] == ["country=ru", "country=cn"]


def test_the_list_offers_add_to_compare(client, world):
    html = client.get("/articles/?country=ru&q=moscow").content.decode()
    assert 'href="/compare/?s=q%3Dmoscow%26country%3Dru">Add to compare' in html


def test_downloads(client, world):
    url = compare_url("country=ru", "country=cn", interval="month")
    response = client.get(url + "&download=compare.csv")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("# Newsroom: Articles per month: Russia vs China")
    rows = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    page = client.get(url).context["comparison"]
    assert len(rows) == sum(len(s.points) for s in page.series)
    first = rows[0]
    assert (first["period_start"], first["series"], first["count"]) == ("2014-01-01", "Russia", "3")
    svg = client.get(url + "&download=compare.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<svg") and "Russia" in body and "Filters: series 1" in body
    assert client.get(url + "&download=nope.csv").status_code == 400


def test_query_count_is_bounded(client, world, django_assert_max_num_queries):
    states = [
        "country=ru",
        "country=cn",
        "q=moscow",
        "source=wire",
        "country=sy",
        "topic=sanctions",
    ]
    client.get(compare_url(*states))  # the index catches up first
    with django_assert_max_num_queries(12):
        response = client.get(compare_url(*states))
    assert len(response.context["comparison"].series) == 6


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["country=ru", "q=moscow", "country=zz", "date_from=2014-02-01", ""]),
            st.text(max_size=30),
        ),
        max_size=8,
    ),
    st.one_of(st.none(), st.sampled_from(["day", "week", "month", "year"]), st.text(max_size=8)),
    st.one_of(st.none(), st.text(max_size=20), st.just("country=cn")),
    st.one_of(st.none(), st.sampled_from(["count", "share"]), st.text(max_size=5)),
)
def test_no_parameter_makes_a_500(client, world, states, interval, base, show):
    params = [("s", s) for s in states]
    params += [(k, v) for k, v in (("interval", interval), ("base", base), ("show", show)) if v]
    response = client.get("/compare/?" + urlencode(params))
    assert response.status_code == 200
    # The same values typed into the form's rows: a redirect to a page that answers.
    rows = [(f"row-{n}-{'state' if n % 2 else 'q'}", s) for n, s in enumerate(states)]
    built = client.get("/compare/?" + urlencode(rows + params[len(states) :]), follow=True)
    assert built.status_code == 200
    api = client.get("/api/compare/?" + urlencode(params))
    assert api.status_code in (200, 400)


# --- pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2014, 1, 1), date(2014, 3, 31), "day"),
        (date(2014, 1, 1), date(2015, 6, 30), "week"),
        (date(2000, 1, 1), date(2014, 12, 31), "month"),
        (date(1990, 1, 1), date(2014, 12, 31), "year"),
    ],
)
def test_automatic_interval(first, last, expected):
    assert auto_interval(first, last) == expected


@pytest.mark.parametrize(
    ("day", "interval", "expected"),
    [
        (date(2014, 3, 5), "week", date(2014, 3, 3)),
        (date(2014, 3, 5), "month", date(2014, 3, 1)),
        (date(2014, 3, 5), "year", date(2014, 1, 1)),
        (date(2014, 3, 5), "day", date(2014, 3, 5)),
    ],
)
def test_period_start(day, interval, expected):
    assert period_start(day, interval) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (7, 8), (101, 120), (999, 1000), (0.0042, 0.005)]
)
def test_axis_maximum_is_close_above_the_peak(value, expected):
    assert lines.nice_max(value) == pytest.approx(expected)


def test_lines_escape_labels_and_break_on_missing_values():
    drawn = lines.drawings(
        [lines.Line("<script>", [1.0, None, 2.0, 3.0])],
        ["a", "b", "c", "d"],
        title="t",
        share=False,
    )
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    assert drawn.count("<polyline") == 3  # one run of two points per drawing
    standalone = lines.standalone(
        [lines.Line("A", [0.5])], ["2014"], title="t", share=True, caption=["Made: now"]
    )
    assert 'fill="#fff"' in standalone and "Made: now" in standalone and "50%" in standalone
