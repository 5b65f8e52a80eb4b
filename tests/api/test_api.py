"""/api/: cursor pages, fields, entities, aggregates, 400/404, rate limits, query counts."""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connections
from django.db.models import F
from django.test import override_settings

from articles.models import Article, ArticleCountry, ArticleOfficial, RateCounter
from articles.search.indexing import sync
from articles.selectors import article_public_queryset
from articles.selectors.cursors import Cursor
from tests.api.helpers import api_ids, page_ids
from tests.factories import AppointmentFactory, CountryFactory, OfficialFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """137 articles: ties on the same second, and 12 undated ones."""
    source = SourceFactory(slug="many", name="Many")
    country = CountryFactory(iso2="KZ", name="Kazakhstan", slug="kazakhstan")
    base = datetime(2015, 6, 1, tzinfo=UTC)
    rows = []
    for n in range(137):
        when = None if n % 11 == 0 else base + timedelta(hours=n // 3)  # threes share a date
        rows.append(
            Article(
                source=source,
                title=f"Steppe report {n}",
                body=f"Body {n}",
                content_hash=hashlib.sha256(f"many-{n}".encode()).hexdigest(),
                published_at=when,
            )
        )
    articles = Article.objects.bulk_create(rows)
    ArticleCountry.objects.bulk_create(
        ArticleCountry(article=a, country=country, published_at=a.published_at)
        for a in articles[::2]
    )
    return articles


def newest_order(articles):
    dated = sorted((a for a in articles if a.published_at), key=lambda a: (a.published_at, a.id))
    undated = sorted((a.id for a in articles if not a.published_at), reverse=True)
    return [a.id for a in reversed(dated)] + undated


@pytest.mark.parametrize("size", [1, 7, 25, 100])
def test_cursor_pages_walk_every_article_once_in_order(client, many, size):
    assert api_ids(client, [], page_size=size) == newest_order(many)


def test_oldest_pages_and_a_filter(client, many):
    dated = sorted((a for a in many if a.published_at), key=lambda a: (a.published_at, a.id))
    undated = sorted(a.id for a in many if not a.published_at)
    assert api_ids(client, [("sort", "oldest")], page_size=10) == [a.id for a in dated] + undated
    tagged = api_ids(client, [("country", "kz")], page_size=9)
    assert tagged == [pk for pk in newest_order(many) if pk in {a.id for a in many[::2]}]
    assert tagged == page_ids(client, [("country", "kz")])


def test_previous_links_walk_back_through_the_same_pages(client, many):
    pages, url = [], "/api/articles/?page_size=10"
    while url:
        body = client.get(url).json()
        pages.append([r["id"] for r in body["results"]])
        url = body["next"]
    assert client.get("/api/articles/?page_size=10").json()["previous"] is None
    back = []
    body = client.get(url or _last_url(client)).json()
    while True:
        back.append([r["id"] for r in body["results"]])
        if not body["previous"]:
            break
        body = client.get(body["previous"]).json()
    assert list(reversed(back)) == pages


def _last_url(client):
    url, last = "/api/articles/?page_size=10", None
    while url:
        last, url = url, client.get(url).json()["next"]
    return last


def test_relevance_pages_follow_the_rank(client, many):
    ids = api_ids(client, [("q", "steppe report")], page_size=30)
    assert sorted(ids) == sorted(a.id for a in many)
    assert len(ids) == len(set(ids))


def test_article_fields_are_designs(client, world):
    body = client.get("/api/articles/?country=ru&country=sy&match=all").json()
    assert body == {
        "results": [
            {
                "id": world["a1"].id,
                "url": "https://ledger.example/moscow-backs-damascus",
                "external_id": "ledger-1",
                "title": "Moscow backs Damascus",
                "source": "ledger",
                "published_at": "2014-03-01T12:00:00Z",
                "countries": ["RU", "SY"],
                "focus_countries": ["RU", "SY"],
                "officials": [
                    {
                        "slug": "sergey-lavrov",
                        "name": "Sergey Lavrov",
                        "role": "Foreign Minister, Russia",
                        "status": "confirmed",
                    }
                ],
                "organizations": ["un"],
                "topics": ["sanctions"],
                "lede": "Russia said it backs Syria.",
            }
        ],
        "next": None,
        "previous": None,
    }
    candidate = client.get("/api/articles/?official=nadia-novak").json()["results"][0]
    assert candidate["officials"] == [
        {"slug": "nadia-novak", "name": "Nadia Novak", "role": None, "status": "candidate"}
    ]


def test_detail_adds_the_body_and_hides_hidden_articles(client, world):
    body = client.get(f"/api/articles/{world['a1'].id}/").json()
    assert body["body"] == world["a1"].body
    assert body["countries"] == ["RU", "SY"]
    assert client.get(f"/api/articles/{world['hidden'].id}/").status_code == 404


def test_entities(client, world):
    countries = client.get("/api/countries/").json()
    assert [c["iso2"] for c in countries["results"]] == ["FR", "RU", "SY"]
    assert client.get("/api/countries/sy/").json()["name"] == "Syria"
    assert client.get("/api/countries/SY/").json()["name"] == "Syria"
    official = client.get("/api/officials/sergey-lavrov/").json()
    assert official["appointments"] == [
        {
            "post": "Foreign Minister",
            "post_kind": "other",
            "country": "RU",
            "organization": None,
            "start_date": None,
            "end_date": None,
            "known_until": None,
        }
    ]
    assert client.get("/api/officials/nadia-novak/").json()["status"] == "candidate"
    assert client.get("/api/organizations/un/").json()["abbreviation"] == "UN"
    assert [t["slug"] for t in client.get("/api/topics/").json()["results"]] == [
        "peace-talks",
        "sanctions",
    ]


def test_entity_lists_page_with_cursors(client, db):
    for n in range(7):
        OfficialFactory(slug=f"person-{n}", name=f"Person {n}")
    OfficialFactory(slug="gone", name="Gone", status="rejected")
    slugs, url = [], "/api/officials/?page_size=3"
    while url:
        body = client.get(url).json()
        slugs += [o["slug"] for o in body["results"]]
        url = body["next"]
    assert slugs == [f"person-{n}" for n in range(7)]


def test_facets_match_the_list_page(client, world):
    body = client.get("/api/articles/facets/?country=sy").json()
    page = client.get("/articles/?country=sy").context["facet_groups"]
    for kind, _, items in page:
        assert [(i["key"], i["count"]) for i in body[kind]] == [(i.key, i.count) for i, _ in items]
    assert body["capped"] is False
    country = {i["key"]: i for i in body["country"]}
    assert country["sy"]["selected"] and country["sy"]["count"] == 3


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("month", [("2014-03-01", 1), ("2014-04-01", 1)]),
        ("week", [("2014-02-24", 1)] + [(None, 0)] * 4 + [("2014-03-31", 1)]),
        ("day", [("2014-03-01", 1)] + [(None, 0)] * 34 + [("2014-04-05", 1)]),
    ],
)
def test_timeline_counts_per_interval(client, world, interval, expected):
    body = client.get(f"/api/articles/timeline/?country=sy&interval={interval}").json()
    assert body["interval"] == interval
    got = [(p["start"] if p["count"] else None, p["count"]) for p in body["series"]]
    assert got == [(start if n else None, n) for start, n in expected]
    assert sum(p["count"] for p in body["series"]) == 2  # a1, a2; the undated one has no period


def _bad_cursor(**data) -> str:
    import json

    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


BAD_REQUESTS = [
    ("/api/articles/?country=zz", "country", "no country has this ISO code or name"),
    ("/api/articles/?date_from=2014-13-45", "date_from", "Enter a valid date"),
    ("/api/articles/?date_to=yesterday", "date_to", "Enter a valid date"),
    ("/api/articles/?date_from=2014-05-01&date_to=2014-01-01", "date_from", "after date_to"),
    ("/api/articles/?official=nobody", "official", "no official has this slug"),
    ("/api/articles/?topic=nothing&organization=none", "topic", "no topic has this slug"),
    ("/api/articles/?sort=random", "sort", "Select a valid choice"),
    ("/api/articles/?sort=relevance", "sort", "relevance needs a search"),
    ("/api/articles/?match=some", "match", "Select a valid choice"),
    ("/api/articles/?colour=red", "colour", "unknown parameter"),
    ("/api/articles/?page=2", "page", "cursor"),
    ("/api/articles/?page_size=0", "page_size", "from 1 to 100"),
    ("/api/articles/?page_size=x", "page_size", "from 1 to 100"),
    ("/api/articles/?cursor=garbage", "cursor", "not a cursor"),
    ("/api/articles/?cursor=" + _bad_cursor(p="soon", i=1, b=0), "cursor", "not a cursor"),
    ("/api/articles/?cursor=" + _bad_cursor(p=None, i=-1, b=0), "cursor", "not a cursor"),
    ("/api/articles/?cursor=" + _bad_cursor(o=5), "cursor", "relevance"),
    ("/api/articles/?q=x%00y", "q", "Null characters"),
    ("/api/articles/facets/?country=atlantis", "country", "no country"),
    ("/api/articles/timeline/?interval=year", "interval", "day, week or month"),
    ("/api/articles/timeline/?interval=day&date_to=bad", "date_to", "valid date"),
    ("/api/officials/?cursor=nonsense", "cursor", "not a cursor"),
    ("/api/countries/?page_size=100000", "page_size", "from 1 to 500"),
]


@pytest.mark.parametrize(("url", "field", "reason"), BAD_REQUESTS)
def test_bad_parameters_answer_400_with_field_and_reason(client, world, url, field, reason):
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert any(reason in message for message in body[field]), body


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/999999/",
        "/api/articles/99999999999999999999999/",
        "/api/articles/abc/",
        "/api/countries/zz/",
        "/api/countries/%00/",
        "/api/officials/nobody/",
        "/api/officials/gone-rejected/",
        "/api/organizations/none/",
        "/api/topics/nothing/",
    ],
)
def test_unknown_entities_answer_404_in_json(client, world, url):
    OfficialFactory(slug="gone-rejected", status="rejected")
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_anonymous_clients_are_rate_limited_per_address(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    for _ in range(3):
        assert client.get("/api/countries/").status_code == 200
    response = client.get("/api/articles/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own allowance; X-Forwarded-For is not trusted by default.
    assert client.get("/api/countries/", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/api/countries/", HTTP_X_FORWARDED_FOR="10.0.0.10").status_code == 429


# Every request also counts its client in the rate limit: one upsert (no query at all with
# REDIS_URL set: tests/web/test_redis_tier.py).
THROTTLE_QUERIES = 1


def _spend_allowance(requests: int) -> list[int]:
    """In a forked process (another server worker): make API requests, return statuses."""
    from django.db import connections
    from django.test import Client

    client = Client()
    statuses = [client.get("/api/countries/").status_code for _ in range(requests)]
    connections.close_all()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_the_allowance_is_shared_by_every_server_process(client, settings):
    # gunicorn serves with several processes: an allowance spent in one is spent in all.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    connections.close_all()  # the forked worker must open its own, not share this one
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            assert pool.apply(_spend_allowance, (3,)) == [200, 200, 200]
        assert client.get("/api/countries/").status_code == 429
    finally:
        RateCounter.objects.all().delete()  # committed: the next tests start with a full allowance


def test_cursor_round_trips():
    at = datetime(2014, 3, 1, 12, tzinfo=UTC)
    for cursor in (Cursor(published_at=at, id=5), Cursor(id=9, backwards=True), Cursor(offset=50)):
        assert Cursor.decode(cursor.encode()) == cursor


def test_list_query_count_does_not_grow_with_the_page(
    client, many, world, django_assert_max_num_queries
):
    AppointmentFactory(official=world["lavrov"])
    sync(wait=True)  # indexing new articles is the writes' work, not the page's
    # Resolve the filters, the index's queue check, the cursor's dates, rows, four lists.
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        small = client.get("/api/articles/?page_size=2&country=sy&country=kz")
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        large = client.get("/api/articles/?page_size=100&country=sy&country=kz")
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) == 72
    with django_assert_max_num_queries(5 + THROTTLE_QUERIES):
        assert client.get(f"/api/articles/{world['a1'].id}/").status_code == 200
    for n in range(30):
        AppointmentFactory(official=OfficialFactory(slug=f"o-{n}"))
    with django_assert_max_num_queries(3 + THROTTLE_QUERIES):
        assert len(client.get("/api/officials/?page_size=40").json()["results"]) == 32


@override_settings(DEBUG=False)
def test_deep_pages_are_keyset_not_offset(client, many, django_assert_max_num_queries):
    """A cursor far down the list starts right after the row it names (no OFFSET anywhere)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    order = list(
        article_public_queryset()
        .filter(is_story_lead=True)
        .order_by(F("published_at").desc(nulls_last=True), F("id").desc())
        .values_list("id", "published_at")
    )
    target_id, target_at = [row for row in order if row[1]][5]
    cursor = Cursor(published_at=target_at, id=target_id).encode()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/articles/?cursor={cursor}&page_size=3")
    assert response.status_code == 200
    after = [row[0] for row in order][[row[0] for row in order].index(target_id) + 1 :][:3]
    assert [r["id"] for r in response.json()["results"]] == after
    assert "OFFSET" not in " ".join(q["sql"] for q in ctx.captured_queries)


@pytest.mark.parametrize(
    "data",
    [
        {"p": "0001-01-01T00:00:00+05:00", "i": 1, "b": 0},
        {"p": "9999-12-31T23:59:59+00:00", "i": 2**63 - 1, "b": 1},
        {"p": None, "i": 1, "b": 1},
        {"p": "2014-03-01T12:00:00+00:00", "i": 10**9, "b": 0},
    ],
)
def test_odd_but_well_formed_cursors_never_fail(client, world, data):
    response = client.get("/api/articles/?cursor=" + _bad_cursor(**data))
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_aggregates_query_counts(client, world, django_assert_max_num_queries):
    sync(wait=True)
    with django_assert_max_num_queries(3 + THROTTLE_QUERIES):
        assert client.get("/api/articles/facets/?country=sy&topic=sanctions").status_code == 200
    with django_assert_max_num_queries(3 + THROTTLE_QUERIES):
        assert client.get("/api/articles/timeline/?country=sy&interval=day").status_code == 200


def test_api_root_links_every_endpoint_and_each_link_answers(client, db):
    links = client.get("/api/").json()
    assert set(links) >= {"articles", "countries", "officials", "organizations", "topics"}
    assert links["schema"].endswith("/api/schema/") and links["docs"].endswith("/api/docs/")
    for url in links.values():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("raw_title", "former", "role"),
    [
        ("", False, None),
        ("Prime Minister", False, "Prime Minister"),  # no linked post: the title as written
        ("Prime Minister", True, "former Prime Minister"),
        ("ex-President", True, "ex-President"),  # the title says it already: not twice
        ("then-Senator", True, "then-Senator"),
        ("the late envoy", True, "the late envoy"),
    ],
)
def test_role_is_the_post_the_article_gives(client, world, raw_title, former, role):
    ArticleOfficial.objects.filter(official__slug="nadia-novak").update(
        raw_title=raw_title, former=former
    )
    candidate = client.get("/api/articles/?official=nadia-novak").json()["results"][0]
    assert candidate["officials"][0]["role"] == role
    # The article page shows the same text.
    mention = ArticleOfficial.objects.get(official__slug="nadia-novak")
    assert mention.post_display == (role or "")
