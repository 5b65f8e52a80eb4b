"""Every number the list shows is exact, and each facet number is the list its link opens.

The search index answers the list, its count, facets, timeline, the API and the exports;
PostgreSQL's own filter (``browse.article_filter``, the reference of what the filters
mean) is the oracle. Hypothesis draws filter states over a generated corpus with busy
and rare countries, several tags per article, focus, suppressed and hidden rows, story
copies and undated articles.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from django.contrib.postgres.search import SearchQuery
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filtersets import ArticleFilterSet
from articles.models import Article, NearDuplicateGroup
from articles.models.articles import SEARCH_CONFIG
from articles.selectors import article_public_queryset, browse
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    SourceFactory,
    TopicFactory,
    tag,
)

pytestmark = pytest.mark.django_db

WORDS = ["ceasefire", "sanctions", "embassy", "summit", "treaty", "envoy", "border", "vote"]
COUNTRIES = [("SY", "Syria"), ("RU", "Russia"), ("US", "United States"), ("FR", "France")]
COUNTRIES += [("TV", "Tuvalu")]
START = datetime(2019, 11, 20, tzinfo=UTC)


@pytest.fixture(autouse=True)
def open_rate_limits(settings):
    """Lift the API's anonymous limit: the property test asks it hundreds of times."""
    from django.core.cache import caches

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }
    caches["shared"].clear()


@pytest.fixture
def corpus():
    rng = random.Random(14)
    countries = [
        CountryFactory(iso2=c, name=n, slug=n.lower().replace(" ", "-")) for c, n in COUNTRIES
    ]
    officials = [
        OfficialFactory(name=n, slug=n.lower().replace(" ", "-"))
        for n in ("Ann Lee", "Bo Chan", "Cy Dorn")
    ]
    topics = [TopicFactory(slug=s, name=s.title()) for s in ("truce", "trade")]
    sources = [SourceFactory(slug=s, name=s.title()) for s in ("ledger", "wire", "post")]
    made = []
    for i in range(70):
        when = None if i % 13 == 0 else START + timedelta(days=rng.randrange(0, 200), hours=i)
        words = rng.sample(WORDS, 3)
        article = ArticleFactory(
            title=f"{words[0].title()} report {i}",
            body=f"Officials discussed {words[1]} and {words[2]} on day {i}.",
            published_at=when,
            source=rng.choice(sources),
            status="hidden" if i % 17 == 5 else "published",
        )
        # Zipf-like: Syria in most, Tuvalu in a few; two to four countries an article.
        chosen = {countries[0]} if rng.random() < 0.6 else set()
        chosen |= set(rng.choices(countries, weights=[8, 5, 4, 2, 1], k=rng.randint(1, 3)))
        for country in chosen:
            tag(article, country, focus=rng.random() < 0.4, suppressed=rng.random() < 0.05)
        for official in rng.sample(officials, rng.randint(0, 2)):
            tag(article, official, focus=rng.random() < 0.5)
        for topic in rng.sample(topics, rng.randint(0, 2)):
            tag(article, topic)
        made.append(article)
    # Story copies: later articles grouped under an earlier lead.
    for lead_index in (3, 10, 20):
        lead = made[lead_index]
        group = NearDuplicateGroup.objects.create(lead=lead, size=3)
        for copy in made[lead_index + 1 : lead_index + 3]:
            Article.objects.filter(pk__in=[lead.pk, copy.pk]).update(duplicate_group=group)
            Article.objects.filter(pk=copy.pk).update(is_story_lead=False)
    return {"countries": countries, "officials": officials, "topics": topics, "sources": sources}


def _oracle(params: list[tuple[str, str]]):
    """Return PostgreSQL's matches for ``params`` (the filter's reference meaning)."""
    criteria = ArticleFilterSet(QueryDict(urlencode(params))).criteria
    return browse.article_filter(article_public_queryset(), criteria=criteria), criteria


def _story_of(article: Article) -> int:
    """Return the id of the lead of ``article``'s story (its own when it leads one)."""
    if article.duplicate_group_id is None:
        return article.id
    return Article.objects.get(duplicate_group_id=article.duplicate_group_id, is_story_lead=True).id


def _public_members(lead: Article):
    if lead.duplicate_group_id is None:
        return article_public_queryset().filter(pk=lead.pk)
    return article_public_queryset().filter(duplicate_group_id=lead.duplicate_group_id)


def _reached(period, criteria, granularity) -> bool:
    """Return whether a period starting on ``period`` meets the criteria's dates."""
    if criteria.undated:
        return False  # an undated list has no timeline
    start = criteria.date_from
    if start:  # the period the first day falls in (weeks start on Monday)
        start = start - timedelta(days=start.weekday()) if granularity == "week" else start
        first = start.replace(day=1) if granularity == "month" else start
    else:
        first = None
    return (not criteria.date_to or period <= criteria.date_to) and (not first or period >= first)


_state = st.fixed_dictionaries(
    {},
    optional={
        "q": st.sampled_from(WORDS + [f"{a} {b}" for a, b in zip(WORDS, WORDS[1:], strict=False)]),
        "country": st.lists(
            st.sampled_from(["sy", "ru", "us", "fr", "tv"]), min_size=1, max_size=2, unique=True
        ),
        "official": st.lists(st.sampled_from(["ann-lee", "bo-chan"]), min_size=1, max_size=1),
        "topic": st.lists(st.sampled_from(["truce", "trade"]), min_size=1, max_size=1),
        "source": st.lists(st.sampled_from(["ledger", "wire"]), min_size=1, max_size=1),
        "match": st.just("all"),
        "focus": st.just("1"),
        "copies": st.just("all"),
        "date_from": st.sampled_from(["2019-12-15", "2020-02-01"]),
        "date_to": st.sampled_from(["2020-03-31", "2020-02-20"]),
        "undated": st.just("1"),
    },
)


def _params(state: dict) -> list[tuple[str, str]]:
    out = []
    for name, value in state.items():
        for v in value if isinstance(value, list) else [value]:
            out.append((name, v))
    return out


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(state=_state)
def test_list_facets_timeline_api_and_export_agree_with_the_database(client, corpus, state):
    params = _params(state)
    response = client.get("/articles/?" + urlencode(params))
    assert response.status_code == 200
    matches, criteria = _oracle(params)
    total = matches.count()
    assert response.context["counts"].total == total
    # The first page, newest first, is the database's order.
    expected = list(
        matches.order_by(*browse.NEWEST).values_list("id", flat=True)[: browse.PER_PAGE]
    )
    rows = client.get("/articles/?" + urlencode([*params, ("sort", "newest")])).context["page"].rows
    # A list of stories shows, for each, the lead or the copy that stands for it.
    assert all(row.status == "published" for row in rows)
    shown = [_story_of(row) if criteria.collapses_copies else row.id for row in rows]
    assert shown == expected
    # Every facet entry: its number is the size of the list its link opens.
    for kind, _title, items in response.context["facet_groups"]:
        for item, url in items:
            if item.selected:
                continue
            opened, _ = _oracle(parse_qsl(url.lstrip("?")))
            assert opened.count() == item.count, (params, kind, item.key, url)
    # The timeline's bars are the dated matches per period (a story: in each period one
    # of its public copies is).
    granularity = response.context["timeline"].granularity
    if criteria.collapses_copies:
        periods = Counter(
            period
            for lead in matches
            for period in {
                browse._period(at, granularity)
                for at in _public_members(lead)
                .exclude(published_at=None)
                .values_list("published_at", flat=True)
            }
        )
    else:
        periods = Counter(
            browse._period(at, granularity)
            for at in matches.exclude(published_at=None).values_list("published_at", flat=True)
        )
    series = {d: n for d, n in response.context["timeline"].series if n}
    assert series == {d: n for d, n in periods.items() if _reached(d, criteria, granularity)}
    # The API's facets and the CSV export say the same.
    api = client.get("/api/articles/facets/?" + urlencode(params))
    if response.context["messages_ignored"]:  # the page ignores what the API refuses
        assert api.status_code == 400
        return
    assert api.status_code == 200, api.content
    api = api.json()
    assert api["total"] == total
    page_facets = {
        k: {i.key: i.count for i, _ in items} for k, _, items in response.context["facet_groups"]
    }
    for kind, entries in page_facets.items():
        api_entries = {e["key"]: e["count"] for e in api[kind]}
        assert {k: api_entries[k] for k in entries} == entries
    export = client.get("/articles/export.csv?" + urlencode(params))
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert len(rows) == total


def test_relevance_ranks_every_match_and_pages_cost_the_same(client, corpus):
    # An old article whose title says the word ranks first among many newer matches.
    old = ArticleFactory(
        title="Ceasefire ceasefire ceasefire",
        body="The ceasefire held.",
        published_at=datetime(2001, 1, 1, tzinfo=UTC),
    )
    response = client.get("/articles/?q=ceasefire")
    assert response.context["sort"] == "relevance"
    assert response.context["page"].rows[0].id == old.id
    total = response.context["counts"].total
    query = SearchQuery("ceasefire", search_type="websearch", config=SEARCH_CONFIG)
    matching = article_public_queryset().filter(search_vector=query)
    assert (
        total == len({_story_of(a) for a in matching}) == _oracle([("q", "ceasefire")])[0].count()
    )
    # Walking every page by relevance yields every match once.
    seen = []
    for number in range(1, response.context["last_page"] + 1):
        page = client.get(f"/articles/?q=ceasefire&page={number}").context["page"]
        seen += [a.id for a in page.rows]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    ("q", "present", "absent"),
    [
        ('"ceasefire holds"', ["Ceasefire holds in the north"], ["Holds firm on ceasefire"]),
        (
            "ceasefire or truce",
            ["Ceasefire holds in the north", "A truce at last"],
            ["Trade talks"],
        ),
        ("ceasefire -north", ["Holds firm on ceasefire"], ["Ceasefire holds in the north"]),
        ("Émile", ["Emile Zola prize"], ["Trade talks"]),
        ("talking", ["Trade talks"], ["A truce at last"]),
    ],
)
def test_search_syntax(client, q, present, absent):
    for title in [
        "Ceasefire holds in the north",
        "Holds firm on ceasefire",
        "A truce at last",
        "Trade talks",
        "Emile Zola prize",
    ]:
        ArticleFactory(title=title, body=f"Nothing else about {len(title)} {title[:3]}.")
    titles = [a.title for a in client.get("/articles/?" + urlencode({"q": q})).context["page"].rows]
    for title in present:
        assert title in titles, (q, titles)
    for title in absent:
        assert title not in titles, (q, titles)


def test_snippet_marks_the_matched_words(client):
    ArticleFactory(title="Envoy arrives", body="The envoy spoke about sanctions for an hour.")
    html = client.get("/articles/?q=sanctions").content.decode()
    assert "<mark>sanctions</mark>" in html


def test_system_check_warns_of_a_missing_index_and_is_quiet_once_built(db):
    from articles.checks import search_index_check
    from articles.search.indexing import sync

    assert search_index_check(None, databases=None) == []  # check --deploy: no database
    warnings = search_index_check(None, databases=["default"])
    assert [w.id for w in warnings] == ["articles.W001"]
    assert "rebuild_index" in warnings[0].hint
    sync(wait=True)
    assert search_index_check(None, databases=["default"]) == []


def test_a_long_sync_indexes_each_queued_article_once(monkeypatch):
    """Rows read but not deleted until the next commit are not read again."""
    from articles.search import indexing

    made = [ArticleFactory(title=f"Queue test {n}") for n in range(23)]
    monkeypatch.setattr(indexing, "BATCH", 4)
    monkeypatch.setattr(indexing, "COMMIT_EVERY", 10)
    result = indexing.rebuild_index()
    assert result.indexed == len(made)
    assert indexing.queue_empty()
    assert client_count("/articles/") == len(made)


def client_count(url: str) -> int:
    from django.test import Client

    return Client().get(url).context["counts"].total


def test_an_index_built_from_another_database_is_stale_and_rebuilt(client, settings):
    import json

    from articles.search import engine
    from articles.search.indexing import sync

    ArticleFactory(title="Ghost check")
    sync(wait=True)
    marker = settings.SEARCH_INDEX_DIR / engine.MARKER
    recorded = json.loads(marker.read_text())
    assert recorded["database"] == engine.database_identity()
    # As after the database was dropped and imported again: same ids, other rows.
    marker.write_text(json.dumps({**recorded, "database": "newsroom/1/2"}))
    engine._forget(settings.SEARCH_INDEX_DIR)
    state, reason = engine.health()
    assert state == "stale" and "another database" in reason
    assert client.get("/articles/").context["counts"].total == 1
    assert engine.health()[0] == "ok"


def test_search_words_that_are_all_stop_words_say_so(client):
    ArticleFactory(title="The talks of the day")
    response = client.get("/articles/?q=the+of")
    assert response.context["counts"].total == 0
    assert any("too common" in m for m in response.context["messages_ignored"])
    assert not any(
        "too common" in m for m in client.get("/articles/?q=talks").context["messages_ignored"]
    )


def test_a_forked_child_aggregates_on_its_own_threads(settings):
    """Threads do not survive fork: a child reuses no dead pool (it would wait forever)."""
    import os
    import signal

    from articles.search import engine, results
    from articles.search.indexing import sync

    settings.SEARCH_CACHE = 0
    ArticleFactory(title="Fork check")
    sync(wait=True)
    criteria = browse.ArticleCriteria()
    assert results.overview(criteria, facet_kinds=("source",)).total == 1  # pool running
    index = engine.get_engine()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no database, only the engine and the pools
        signal.alarm(10)
        found = results._overview(index, criteria, facet_kinds=("source",))
        os.write(write, str(found.total).encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    assert os.read(read, 10) == b"1" and status == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("date_from=2500-01-01", 0),
        ("date_to=9999-12-30", 1),
        ("date_from=2444-06-01", 0),
        ("date_to=1800-01-01", 0),
    ],
)
def test_dates_far_from_any_article_answer_lists_not_errors(client, params, expected):
    ArticleFactory(title="Dated now")
    for url in ("/articles/", "/api/articles/", "/api/articles/facets/", "/api/articles/timeline/"):
        response = client.get(f"{url}?{params}")
        assert response.status_code in (200, 400), (url, params)
    assert client.get(f"/articles/?{params}").context["counts"].total == expected


def test_the_first_second_of_1900_is_a_date_not_undated(client):
    old = ArticleFactory(title="Turn of the century", published_at=datetime(1900, 1, 1, tzinfo=UTC))
    ArticleFactory(title="Recent", published_at=datetime(2024, 1, 1, tzinfo=UTC))
    response = client.get("/articles/")
    assert response.context["counts"].undated == 0
    opened = client.get("/articles/?date_from=1900-01-01&date_to=1900-01-31")
    assert [a.id for a in opened.context["page"].rows] == [old.id]
    oldest = client.get("/articles/?sort=oldest").context["page"].rows
    assert oldest[0].id == old.id


def test_hidden_while_the_index_lags_is_never_served(client, settings):
    """The API, exports and feed read public rows only, like the list's rows."""
    from articles.search.indexing import sync

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }
    article = ArticleFactory(title="Soon hidden")
    sync(wait=True)
    # Hidden without the index seeing it (as while another process holds the writer).
    Article.objects.filter(pk=article.pk).update(status="hidden")
    from articles.models import IndexQueue

    IndexQueue.objects.all().delete()
    assert [r["id"] for r in client.get("/api/articles/").json()["results"]] == []
    export = b"".join(client.get("/articles/export.jsonl").streaming_content)
    assert b"Soon hidden" not in export
    assert b"Soon hidden" not in client.get("/articles/feed.atom").content


def test_an_index_counted_in_another_time_zone_is_stale(settings):
    from articles.search import engine
    from articles.search.indexing import sync

    ArticleFactory(title="Zone check")
    sync(wait=True)
    settings.TIME_ZONE = "Asia/Tokyo"
    engine._forget(settings.SEARCH_INDEX_DIR)
    state, reason = engine.health()
    assert state == "stale" and "Asia/Tokyo" in reason
