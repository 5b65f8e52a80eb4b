"""/compare/: series of list states on one timeline; every count equals its list's count."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.charts import lines
from articles.models import Article, NearDuplicateGroup
from articles.selectors.compare import auto_interval, period_start
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
            expected = cell["point"].count / base if base else None
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


@pytest.mark.parametrize(
    ("series", "base", "said"),
    [
        # Russia everywhere over The Wire's articles: shares above 100% are explained
        (["country=ru"], "source=wire", "Russia has articles outside the base (source=wire)"),
        (["country=ru", "country=cn"], "source=wire", "Russia has articles outside"),
        # within the base: no note
        (["country=ru&source=wire"], "source=wire", None),
        # no base: shares of every article never pass 100%
        (["country=ru"], "", None),
    ],
)
def test_shares_above_100_percent_say_the_series_is_not_within_the_base(
    client, world, series, base, said
):
    url = compare_url(*series, interval="month", base=base)
    response = client.get(url)
    shares = [p.share for s in response.context["comparison"].series for p in s.points]
    html = response.content.decode()
    if said:
        assert any((v or 0) > 1 for v in shares)
        assert "Some shares pass 100%" in html and said in html
    else:
        assert all((v or 0) <= 1 for v in shares)
        assert "Some shares pass 100%" not in html


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
