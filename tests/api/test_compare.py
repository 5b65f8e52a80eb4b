"""/api/compare/: the contract's shape, its 400s, and counts equal to /api/articles/'s."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import api_ids
from tests.factories import ArticleFactory, CountryFactory, at, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(world):
    """The API world plus China and a few more dated articles over two years."""
    world["cn"] = CountryFactory(iso2="CN", name="China", slug="china")
    tag(ArticleFactory(title="Beijing talks", published_at=at(10, 1, 2015)), world["cn"])
    tag(ArticleFactory(title="Beijing and Moscow", published_at=at(2, 5)), world["cn"], world["ru"])
    tag(ArticleFactory(title="Moscow later", published_at=at(7, 7, 2015)), world["ru"])
    return world


def compare(client, *states: str, **params: str):
    return client.get("/api/compare/?" + urlencode([*(("s", s) for s in states), *params.items()]))


def test_the_contract_shape(client, dated):
    response = compare(client, "country=ru", "country=cn", interval="month")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"interval", "base", "series"}
    assert body["interval"] == "month" and body["base"] == ""
    assert [s["label"] for s in body["series"]] == ["Russia", "China"]
    series = body["series"][0]
    assert set(series) == {"state", "label", "total", "undated", "points"}
    assert series["state"] == "country=ru"
    assert set(series["points"][0]) == {"start", "end", "count", "base", "in_base", "share"}
    assert series["points"][0]["start"] == "2014-03-01"
    # Every series has a point for every period, the same periods.
    assert len({tuple(p["start"] for p in s["points"]) for s in body["series"]}) == 1


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_counts_equal_the_api_lists(client, dated, interval):
    body = compare(
        client, "country=ru", "q=moscow", "country=sy&copies=all", interval=interval
    ).json()
    for series in body["series"]:
        state = parse_qsl(series["state"])
        assert series["total"] == len(api_ids(client, state, page_size=100))
        for point in series["points"]:
            if point["count"] == 0 and interval == "day":
                continue  # thousands of empty days: the non-empty ones are checked
            dates = [("date_from", point["start"]), ("date_to", point["end"])]
            assert point["count"] == len(api_ids(client, [*state, *dates], page_size=100))
            assert point["base"] == len(api_ids(client, dates, page_size=100))
            # Over the default base (stories) the overlap of a series of stories is the
            # series itself; of a series of copies, the stories it is in (at most the count).
            if "copies=all" in series["state"]:
                assert point["in_base"] <= point["count"]
            else:
                assert point["in_base"] == point["count"]
            if point["base"]:
                assert point["share"] == pytest.approx(point["in_base"] / point["base"])
                assert point["share"] <= 1
            else:
                assert point["share"] is None


def test_base_filter_and_null_share(client, dated):
    body = compare(client, "country=ru", interval="month", base="country=cn").json()
    assert body["base"] == "country=cn"
    march = body["series"][0]["points"][0]
    assert march["start"] == "2014-03-01"
    assert march["base"] == 0 and march["share"] is None  # no Chinese article that month


def test_a_share_of_an_outlet_is_of_its_articles(client, dated):
    """Russia's share of The Wire's coverage: The Wire's articles that mention Russia."""
    ru_wire = tag(
        ArticleFactory(title="Moscow wire", published_at=at(4, 3), source=dated["wire"]),
        dated["ru"],
    )
    ArticleFactory(title="Other wire", published_at=at(6, 3), source=dated["wire"])
    body = compare(client, "country=ru", interval="month", base="source=wire").json()
    for point in body["series"][0]["points"]:
        dates = [("date_from", point["start"]), ("date_to", point["end"])]
        both = [("country", "ru"), ("source", "wire"), *dates]
        assert point["in_base"] == len(api_ids(client, both, page_size=100))
        assert point["base"] == len(api_ids(client, [("source", "wire"), *dates], page_size=100))
        assert point["share"] is None or point["share"] <= 1
    march = body["series"][0]["points"][0]
    assert march["start"] == "2014-03-01" and ru_wire.published_at.month == 3
    assert march["in_base"] >= 1 and march["share"] == march["in_base"] / march["base"]


def test_default_interval_is_chosen_from_the_span(client, dated):
    assert compare(client, "country=ru").json()["interval"] == "week"  # about 16 months
    assert compare(client, "country=sy&date_to=2014-03-31").json()["interval"] == "day"


# name, query string, the parameter at fault, words of the reason
BAD = [
    ("no series", "", "s", "no series"),
    ("unknown country", "s=country%3Dzz", "s", "no country has this"),
    ("seven series", "&".join(f"s=q%3Dw{n}" for n in range(7)), "s", "at most 6"),
    ("twice", "s=country%3Dru&s=country%3DRU", "s", "the same list state twice"),
    ("bad interval", "s=country%3Dru&interval=hour", "interval", "day, week, month or year"),
    ("bad base", "s=country%3Dru&base=topic%3Dnone", "base", "no topic has this slug"),
    ("unknown parameter", "s=country%3Dru&colour=red", "colour", "unknown parameter"),
    ("nested page", "s=page%3D2%26zz%3D1", "s", "unknown parameter"),
]


@pytest.mark.parametrize(("query", "field", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_a_400_naming_the_field(client, dated, query, field, words):
    response = client.get("/api/compare/?" + query)
    assert response.status_code == 400
    assert any(words in reason for reason in response.json()[field]), response.json()


def test_too_many_periods_is_a_400(client, dated):
    tag(ArticleFactory(title="Long ago", published_at=at(1, 1, 2001)), dated["ru"])
    response = compare(client, "country=ru", interval="day")
    assert response.status_code == 400
    assert "periods" in response.json()["interval"][0]


def test_schema_documents_compare(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/compare/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"s", "interval", "base"}


def test_query_count_is_bounded(client, dated):
    states = "&".join(f"s=country%3D{c}" for c in ("ru", "cn", "sy", "fr"))
    many = "&".join(f"s=country%3D{c}" for c in ("de", "it", "us") * 200)  # 600 more
    client.get(f"/api/compare/?{states}")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/compare/?{states}").status_code == 200
    with CaptureQueriesContext(connection) as lots:
        assert client.get(f"/api/compare/?{states}&{many}").status_code == 400
    assert len(few) <= 12
    # Past six series and eighteen tries, values are counted, not read.
    assert len(lots) <= len(few) + 14
