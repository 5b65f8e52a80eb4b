"""What keeps /articles/ fast at scale gives the same answers as the exact queries.

A search is answered from its newest matches found by date windows; one-entity lists are
counted from the mention index; capped figures say "more than"; charts have a phone drawing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.http import QueryDict

from articles.filtersets import ArticleFilterSet
from articles.selectors import article_public_queryset, browse
from tests.articles.test_filtersets import tag
from tests.factories import ArticleFactory, CountryFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
# Days before NOW: several in each search window, some far back, ties on one date.
AGES = [0, 0, 3, 29, 31, 59, 61, 100, 119, 121, 200, 239, 241, 470, 481, 900, 961, 1900]
AGES += [1921, 3000, 3839, 3841, 5000, 7000]


@pytest.fixture
def corpus():
    """Matches of "ceasefire" spread over twenty years, others in between, some undated."""
    syria = CountryFactory(iso2="SY", name="Syria", slug="syria")
    russia = CountryFactory(iso2="RU", name="Russia", slug="russia")
    topic = TopicFactory(slug="truce", name="Truce")
    wire = SourceFactory(slug="wire", name="Wire")
    matches = []
    for i, age in enumerate(AGES):
        when = NOW - timedelta(days=age, hours=i % 3)
        matches.append(
            tag(
                ArticleFactory(
                    title=f"Ceasefire holds, report {i}", published_at=when, source=wire
                ),
                syria,
                *([topic] if i % 2 else []),
            )
        )
        calm = ArticleFactory(
            title=f"Markets calm, report {i}", published_at=when - timedelta(hours=1)
        )
        tag(calm, *([russia] if i % 3 else []), focus=i % 2 == 0)
        if i % 4 == 0:
            tag(matches[-1], russia, focus=True)
    for i in range(3):
        matches.append(
            tag(ArticleFactory(title=f"Ceasefire undated {i}", published_at=None), syria)
        )
    ArticleFactory(title="Ceasefire hidden", published_at=NOW, status="hidden")
    return {"matches": matches, "syria": syria, "topic": topic}


@pytest.fixture(params=["windows", "one pass"])
def search_path(request, monkeypatch):
    """Run a search test down both paths: date windows, and one pass for a selective search."""
    monkeypatch.setattr(browse, "SELECTIVE_MATCHES", -1 if request.param == "windows" else 10**12)
    return request.param


def _criteria(query: str):
    return ArticleFilterSet(QueryDict(query)).criteria


def _exact(criteria, *, oldest=False):
    order = browse.OLDEST if oldest else browse.NEWEST
    qs = browse.article_filter(article_public_queryset(), criteria=criteria).order_by(*order)
    return list(qs.values_list("id", flat=True))


@pytest.mark.parametrize(
    "query", ["q=ceasefire", "q=ceasefire&country=sy", "q=ceasefire&topic=truce"]
)
@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 13, 25, 40])
@pytest.mark.parametrize("oldest", [False, True])
def test_windowed_search_returns_the_exact_queries_first_rows(
    corpus, query, limit, oldest, search_path
):
    criteria = _criteria(query)
    sql, params = browse._windows_sql(
        article_public_queryset(), criteria, limit=limit, oldest=oldest
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [row[0] for row in cursor.fetchall()]
    assert found == _exact(criteria, oldest=oldest)[:limit]


def test_windowed_search_respects_the_date_bounds(corpus, search_path):
    criteria = _criteria("q=ceasefire&date_from=2015-01-01&date_to=2023-12-31")
    candidates = browse.article_candidates(
        queryset=article_public_queryset(), criteria=criteria, cap=100
    )
    exact = _exact(criteria)
    assert [r[0] for r in candidates.rows] == exact and exact
    assert not candidates.capped


def test_search_candidates_are_capped_and_the_page_says_more_than(client, corpus, monkeypatch):
    monkeypatch.setattr(browse, "SEARCH_CAP", 5)
    response = client.get("/articles/?q=ceasefire&sort=newest")
    counts = response.context["counts"]
    assert counts.capped and counts.total == 5
    html = response.content.decode()
    assert "More than 5 articles" in html
    assert "The chart covers only the newest 5 matches." in html
    assert "Relevance ranks" not in html  # sorted by newest
    relevance = client.get("/articles/?q=ceasefire")
    assert "Relevance ranks the 5 newest matches" in relevance.content.decode()
    assert len(relevance.context["page"].rows) == 5  # the capped candidates, not one more
    # The timeline counts exactly those five newest matches.
    assert sum(n for _, n in response.context["timeline"].series) == 5
    # Facets over the newest five: all mention Syria, reports 0 and 4 Russia too.
    facets = {k: items for k, _, items in response.context["facet_groups"]}
    assert [(i.key, i.count) for i, _ in facets["country"]] == [("sy", 5), ("ru", 2)]
    assert "Counts are over the 5 newest matching articles." in html
    # The undated bucket is still counted exactly.
    assert counts.undated == 3 and not counts.undated_capped
    # Every page of the capped search is the exact query's page, past the cap too.
    exact = _exact(_criteria("q=ceasefire"))
    seen = []
    for number in (1, 2):
        page = browse.article_page(
            queryset=article_public_queryset(),
            criteria=_criteria("q=ceasefire"),
            sort="newest",
            number=number,
            per_page=4,
            candidates=browse.article_candidates(
                queryset=article_public_queryset(), criteria=_criteria("q=ceasefire")
            ),
        )
        seen += [a.pk for a in page.rows]
    assert seen == exact[:8]


def test_search_below_the_cap_counts_and_charts_every_match(client, corpus):
    response = client.get("/articles/?q=ceasefire")
    counts = response.context["counts"]
    assert not counts.capped and counts.total == len(AGES) + 3
    assert counts.undated == 3
    timeline = response.context["timeline"]
    assert timeline.newest_only is None
    assert sum(n for _, n in timeline.series) == len(AGES)
    assert "covers only the newest" not in response.content.decode()
    # Relevance ranks the same matches.
    assert len(response.context["page"].rows) == 25


def test_search_timeline_matches_the_database_truncation(corpus):
    criteria = _criteria("q=ceasefire&date_from=2024-01-01&date_to=2024-06-30")
    base = article_public_queryset()
    fast = browse.article_timeline(
        queryset=base,
        criteria=criteria,
        candidates=browse.article_candidates(queryset=base, criteria=criteria),
    )
    exact = browse.article_timeline(queryset=base, criteria=criteria)
    assert fast.granularity == "week"
    assert fast.series == exact.series and exact.series


@pytest.mark.parametrize(
    "query",
    [
        "country=sy",
        "topic=truce",
        "country=sy&date_from=2020-01-01&date_to=2023-12-31",
        "country=sy&undated=1",
    ],
)
def test_one_entity_counts_and_timeline_equal_the_generic_queries(corpus, query):
    criteria = _criteria(query)
    assert browse._single_entity(criteria) is not None
    base = article_public_queryset()
    counts = browse.article_count(queryset=base, criteria=criteria)
    matches = browse.article_filter(base, criteria=criteria)
    assert counts.total == matches.count() and not counts.capped
    undated = browse.article_filter(base, criteria=criteria.without("date")).filter(
        published_at__isnull=True
    )
    assert counts.undated == undated.count()
    fast = browse.article_timeline(queryset=base, criteria=criteria)
    # The generic path: the same criteria with a second, neutral filter (focus off).
    found: dict[date, int] = {}
    for at in matches.exclude(published_at=None).values_list("published_at", flat=True):
        period = browse._period(at, fast.granularity)
        found[period] = found.get(period, 0) + 1
    assert fast.series == browse._fill(found, fast.granularity)


def test_one_entity_fast_path_is_not_taken_for_other_shapes(corpus):
    for query in ("country=sy&focus=1", "country=sy&copies=all", "q=x&country=sy", ""):
        assert browse._single_entity(_criteria(query)) is None


def test_chart_has_a_phone_drawing_with_few_large_labels_and_escapes_text():
    from articles.templatetags.charts import NARROW, WIDE, timeline_chart

    series = [(date(2000 + i // 12, i % 12 + 1, 1), i, f'/a?x="{i}"&y=<b>') for i in range(48)]
    chart = timeline_chart(series, "Coverage <of> Syria")
    svgs = str(chart["svgs"])
    wide, narrow = svgs.split("</svg>")[:2]
    assert 'class="chart-svg chart-wide"' in wide and 'class="chart-svg chart-narrow"' in narrow
    ticks = lambda svg: re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)  # noqa: E731
    assert len(ticks(narrow)) - 2 <= NARROW.max_ticks < len(ticks(wide)) - 2 <= WIDE.max_ticks
    assert f"--chart-font:{NARROW.font}px" in narrow and NARROW.font >= 13
    assert "<b>" not in svgs and "<of>" not in svgs
    assert "&quot;1&quot;" in svgs and "&lt;of&gt;" in svgs
    assert len(re.findall(r"<rect ", narrow)) == 48
    assert "Jan 2000" in ticks(narrow) and "Jan 2000: 0" in narrow


@pytest.mark.parametrize(
    "query",
    [
        "country=sy&topic=truce",
        "country=sy&country=ru",
        "country=sy&country=ru&match=all",
        "country=ru&focus=1",
        "country=ru&topic=truce&date_from=2020-01-01&date_to=2024-12-31",
        "country=sy&country=ru&undated=1",
    ],
)
def test_entity_filters_from_mention_tables_equal_the_generic_queries(corpus, query):
    criteria = _criteria(query)
    assert browse._mention_sql(criteria) is not None
    base = article_public_queryset()
    exact = _exact(criteria)
    counts = browse.article_count(queryset=base, criteria=criteria)
    assert counts.total == len(exact) and not counts.capped
    undated = browse.article_filter(base, criteria=criteria.without("date")).filter(
        published_at__isnull=True
    )
    assert counts.undated == undated.count()
    for sort, order in (("newest", exact), ("oldest", _exact(criteria, oldest=True))):
        page = browse.article_page(
            queryset=base, criteria=criteria, sort=sort, number=2, per_page=3
        )
        assert [a.pk for a in page.rows] == order[3:6]
    timeline = browse.article_timeline(queryset=base, criteria=criteria)
    found: dict[date, int] = {}
    for at in (
        browse.article_filter(base, criteria=criteria)
        .exclude(published_at=None)
        .values_list("published_at", flat=True)
    ):
        period = browse._period(at, timeline.granularity)
        found[period] = found.get(period, 0) + 1
    assert timeline.series == browse._fill(found, timeline.granularity)


def _generic_day_figures(criteria):
    base = article_public_queryset()
    matches = browse.article_filter(base, criteria=criteria)
    granularity = browse.article_timeline(queryset=base, criteria=criteria).granularity
    found: dict[date, int] = {}
    for at in matches.exclude(published_at=None).values_list("published_at", flat=True):
        period = browse._period(at, granularity)
        found[period] = found.get(period, 0) + 1
    undated = browse.article_filter(base, criteria=criteria.without("date")).filter(
        published_at__isnull=True
    )
    return matches.count(), undated.count(), browse._fill(found, granularity)


def _day_figures(criteria):
    base = article_public_queryset()
    counts = browse.article_count(queryset=base, criteria=criteria)
    timeline = browse.article_timeline(queryset=base, criteria=criteria)
    assert not counts.capped
    return counts.total, counts.undated, timeline.series


@pytest.mark.parametrize(
    "query", ["", "date_from=2020-01-01&date_to=2024-03-31", "date_from=2024-05-01", "undated=1"]
)
def test_unfiltered_list_counts_from_per_day_table_follow_every_write(corpus, query):
    from django.db import connection

    from articles.models import Article

    criteria = _criteria(query)
    assert browse._by_day(criteria) is not None
    assert _day_figures(criteria) == _generic_day_figures(criteria)
    first, second, third = corpus["matches"][:3]
    # Hide one, make one a copy, redate one, undate one, delete one; in bulk too.
    first.status = "hidden"
    first.save()
    Article.objects.filter(pk=second.pk).update(is_story_lead=False)
    third.published_at = datetime(2021, 2, 3, tzinfo=UTC)
    third.save()
    Article.objects.filter(pk=corpus["matches"][3].pk).update(published_at=None)
    corpus["matches"][4].delete()
    ArticleFactory(published_at=datetime(2024, 5, 30, tzinfo=UTC))
    ArticleFactory(published_at=None)
    ArticleFactory(published_at=datetime(2024, 5, 30, tzinfo=UTC), status="hidden")
    assert _day_figures(criteria) == _generic_day_figures(criteria)
    Article.objects.filter(published_at__year=2024).update(status="hidden")
    Article.objects.filter(pk=first.pk).update(status="published")
    assert _day_figures(criteria) == _generic_day_figures(criteria)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred FK checks would block it
        cursor.execute("TRUNCATE articles_article CASCADE")
        cursor.execute("SELECT count(*) FROM articles_publicday")
        assert cursor.fetchone()[0] == 0


def test_by_day_is_not_used_for_other_filters(corpus):
    for query in ("country=sy", "q=x", "focus=1", "copies=all", "source=wire"):
        assert browse._by_day(_criteria(query)) is None


@pytest.mark.parametrize("oldest", [False, True])
def test_windowed_search_without_any_public_date_still_finds_every_copy(oldest, search_path):
    """No public story lead to anchor the windows on: the fallback anchor still covers all."""
    from django.db import connection

    group_lead = ArticleFactory(title="Ceasefire lead", published_at=None)
    for i in range(3):
        ArticleFactory(
            title=f"Ceasefire copy {i}",
            published_at=NOW - timedelta(days=400 * i),
            is_story_lead=False,
        )
    criteria = _criteria("q=ceasefire&copies=all")
    sql, params = browse._windows_sql(article_public_queryset(), criteria, limit=10, oldest=oldest)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [row[0] for row in cursor.fetchall()]
    assert found == _exact(criteria, oldest=oldest) and len(found) == 4
    assert group_lead.pk in found


@pytest.mark.parametrize(("selective", "branches"), [(10**12, 2), (-1, 6)])
def test_a_selective_search_skips_the_date_windows(corpus, monkeypatch, selective, branches):
    """Few estimated matches: one dated branch and the undated one; else one per window."""
    monkeypatch.setattr(browse, "SELECTIVE_MATCHES", selective)
    assert len(browse.SEARCH_WINDOWS) + 2 == 6
    sql, _ = browse._windows_sql(article_public_queryset(), _criteria("q=ceasefire"), limit=5)
    assert sql.count(" UNION ALL ") + 1 == branches


def test_search_estimate_is_the_planners_and_is_memoised(corpus, django_assert_num_queries):
    browse._search_estimate.cache_clear()
    with django_assert_num_queries(1):
        first = browse._search_estimate("ceasefire")
        assert browse._search_estimate("ceasefire") == first >= 1


def test_estimated_rows_reads_the_planners_estimate(corpus):
    everything = browse.article_filter(article_public_queryset(), criteria=_criteria(""))
    assert browse._estimated_rows(everything) >= 1
    assert browse._estimated_rows(everything.filter(pk=-1)) <= 1
