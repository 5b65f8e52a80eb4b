"""No query string makes a 500 (issue 17): generated hostile queries on every filtered view.

Each endpoint gets ``CASES`` query strings built by hand from a seeded random (so invalid
percent-encodings such as ``%C3%28`` or a lone ``%`` reach the server as sent) over the
real parameter names and hostile values: control characters, invalid UTF-8, bidi
overrides, 10,000-character values, repeated and empty parameters, negative and huge
numbers, impossible dates. Every answer must be a 200 or a 4xx, and a 400 must say what
was wrong in readable text.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from urllib.parse import quote

import pytest

from articles.api.views import API_PARAMS
from articles.filtersets import ArticleFilterSet

# `make test` sends 1,000 per endpoint (about a minute in all); `make fuzz` sends 5,000 (about
# six minutes on a 2-core machine: the list page renders in full for every one).
CASES = int(os.environ.get("FUZZ_CASES", 1_000))
SEED = 17

NAMES = [*ArticleFilterSet.base_filters, *API_PARAMS, "page_size"]
# Values that mean something on the world fixture's articles, so some queries get far.
GOOD = {
    "q": ["syria", "moscow damascus", '"peace talks"', "-syria", "aid or talks", "the"],
    "country": ["sy", "RU", "fr", "Syria", "zz"],
    "official": ["sergey-lavrov", "nadia-novak", "nobody"],
    "organization": ["un", "UN", "nato"],
    "topic": ["sanctions", "peace-talks", "none"],
    "source": ["ledger", "wire", "nowhere"],
    "focus": ["1", "0"],
    "match": ["any", "all"],
    "date_from": ["2024-01-01", "2020-01-01", "2030-12-31"],
    "date_to": ["2024-12-31", "2019-01-01", "2030-12-31"],
    "undated": ["1", "0"],
    "copies": ["all"],
    "sort": ["newest", "oldest", "relevance"],
    "page": ["1", "2", "3"],
    "page_size": ["1", "2", "100", "101", "500"],
    "cursor": ["eyJwIjpudWxsLCJpIjoxLCJiIjowfQ", "eyJvIjoyfQ"],  # made here, for ids 1 / offset 2
    "interval": ["day", "week", "month", "year"],
    "format": ["json", "api", "csv"],
}


def _utf8(text: str) -> str:
    return quote(text, safe="")


HOSTILE = [
    "",
    "%",
    "%2",
    "%zz",
    "%%",
    "%C3%28",  # an invalid UTF-8 sequence
    "%FF",
    "%FE%FF",
    "%C0%AF",  # overlong "/"
    "%ED%A0%80",  # a UTF-16 surrogate, encoded
    "%F4%90%80%80",  # past U+10FFFF
    "%EF%BF%BE",  # U+FFFE
    "%E2%80%AE" + _utf8("syria"),  # right-to-left override
    _utf8("\u2066sy\u2069"),
    _utf8("\u200bsy"),  # zero-width space
    _utf8("２０２４-０１-０１"),  # full-width digits
    _utf8("²"),  # a digit to str.isdigit(), not to int()
    _utf8("١٢"),  # Arabic-Indic digits
    _utf8("🙂"),
    "+",
    "++",
    "%20",
    "%26",
    "%3D",
    "a" * 10_000,
    "%41" * 3_400,
    "sy" + "%00" * 50,
    "0",
    "-1",
    "-0",
    "+1",
    "1.5",
    "1e9",
    "NaN",
    "inf",
    "-inf",
    "0x10",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    str(2**63),
    str(2**64),
    "0000-00-00",
    "99999-01-01",
    "10000-01-01",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-13-01",
    "2024-1-1",
    "2024-01-01T00:00:00",
    "2024-01-01T25:00",
    "2024%2F01%2F01",
    "01%2F31%2F2024",
    "-2024-01-01",
    "true",
    "null",
    "undefined",
    "%5B%5D",
    "%7B%7D",
    "'%20OR%201%3D1%20--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "%5C",
    "%22",
    "*",
    "AND",
    "or",
    "-",
    '"',
    "%22unterminated",
    "(((",
    "a%3Ab",
]
CONTROLS = [f"%{n:02X}" for n in [*range(0x20), 0x7F]]


def hostile_value(rng: random.Random, name: str) -> str:
    """Return one value for ``name``, already percent-encoded (or deliberately not)."""
    roll = rng.random()
    if roll < 0.25 and name in GOOD:
        return rng.choice(GOOD[name])
    if roll < 0.4:
        good = rng.choice(GOOD.get(name) or ["x"])
        return rng.choice(
            [good + rng.choice(CONTROLS), rng.choice(CONTROLS) + good, good + rng.choice(HOSTILE)]
        )
    if roll < 0.55:
        return "".join(rng.choice(CONTROLS) for _ in range(rng.randint(1, 5)))
    return rng.choice(HOSTILE)


def hostile_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return rng.choice(NAMES)
    return rng.choice(
        ["", "%00", "country%00", "country[]", "COUNTRY", "%FF", "x" * 2_000, "%C3%28", "page%20"]
    )


def query_string(rng: random.Random) -> str:
    """Return a query string of 0 to ~12 parameters, some repeated, some without ``=``."""
    parts: list[str] = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 12])):
        name = hostile_name(rng)
        for _ in range(rng.choice([1, 1, 1, 2, 3, 25])):
            if rng.random() < 0.05:
                parts.append(name)  # no "=" at all
            else:
                parts.append(f"{name}={hostile_value(rng, name)}")
    if rng.random() < 0.02:
        parts += ["country=sy"] * 1_100  # past DATA_UPLOAD_MAX_NUMBER_FIELDS
    return rng.choice(["&", "&", "&", ";"]).join(parts)


def queries(seed: int, n: int = CASES) -> list[str]:
    rng = random.Random(seed)
    return [query_string(rng) for _ in range(n)]


def readable(response) -> str:
    """Return the body of a 400 as text, failing when it cannot be read."""
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    text = content.decode("utf-8")
    assert text.strip(), "a 400 without a message"
    return text


def check_api_400(response) -> None:
    body = json.loads(readable(response))
    assert isinstance(body, dict) and body, body
    for field, reasons in body.items():
        assert isinstance(field, str)
        reasons = reasons if isinstance(reasons, list) else [reasons]
        assert reasons and all(isinstance(r, str) and r for r in reasons), body


def check_text_400(response) -> None:
    text = readable(response)
    assert "was not made" in text or "Bad Request" in text, text[:300]


def check_page_400(response) -> None:
    assert "Bad Request" in readable(response)


def drive(client, path: str, seed: int, check_400) -> Counter:
    """Send every generated query to ``path``; return the count of each status."""
    statuses: Counter = Counter()
    failures = []
    for qs in queries(seed):
        response = client.get(f"{path}?{qs}")
        statuses[response.status_code] += 1
        if response.status_code >= 500 or response.status_code == 429:
            error = response.exc_info[1] if response.exc_info else None
            failures.append((response.status_code, repr(error)[:200], qs[:300]))
        elif response.status_code == 400:
            check_400(response)
        elif response.streaming:
            b"".join(response.streaming_content)  # an export fails while streaming, if at all
    assert not failures, f"{len(failures)} failures, e.g. {failures[:5]}"
    # The generator must reach both answers, or it tests nothing.
    assert statuses[200] > CASES // 20 and statuses[400] > 0, statuses
    return statuses


@pytest.fixture
def fuzz_client(client, world):
    """The test client, answering a view's exception with the 500 a user would get.

    A 429 fails too: the test settings set no rate limit on pages or exports, and the
    API's is lifted by conftest's ``open_rate_limits``.
    """
    client.raise_request_exception = False
    return client


ENDPOINTS = [
    ("/articles/feed.atom", check_text_400),
    ("/articles/", check_page_400),
    ("/articles/export.csv", check_text_400),
    ("/api/articles/", check_api_400),
    ("/api/articles/facets/", check_api_400),
    ("/api/articles/timeline/", check_api_400),
    ("/api/countries/", check_api_400),  # reads cursor and page_size, ignores the rest
]


@pytest.mark.parametrize(("path", "check_400"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_no_query_string_makes_a_server_error(fuzz_client, path, check_400):
    drive(fuzz_client, path, SEED, check_400)


# --- the schema and the behaviour agree (found by a tester) -------------------------------


def _parameters(client, path: str) -> dict[str, dict]:
    schema = client.get("/api/schema/?format=json").json()
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("path", ["/api/countries/", "/api/topics/", "/api/articles/"])
def test_page_size_bounds_are_declared_and_enforced(client, world, path):
    declared = _parameters(client, path)["page_size"]["schema"]
    assert declared["minimum"] == 1
    for size in (0, declared["maximum"] + 1, "-1", "²", "9" * 5_000, "1.5"):
        response = client.get(f"{path}?page_size={size}")
        assert response.status_code == 400
        assert "must be a whole number" in response.json()["page_size"][0]
    for size in (1, declared["maximum"]):
        assert client.get(f"{path}?page_size={size}").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["cursor=", "page_size=", "cursor=&page_size=", "date_to=", "date_from=&country=", "sort="],
)
@pytest.mark.parametrize("path", ["/api/articles/", "/api/countries/", "/api/officials/"])
def test_an_empty_parameter_is_the_default(client, world, path, query):
    if path != "/api/articles/" and not query.startswith(("cursor", "page_size")):
        return  # the gazetteer has no filters
    assert client.get(f"{path}?{query}").json() == client.get(path).json()


def test_the_schema_declares_empty_values_allowed(client):
    for path in ("/api/articles/", "/api/articles/timeline/", "/api/countries/"):
        for name, parameter in _parameters(client, path).items():
            assert parameter.get("allowEmptyValue") is True, (path, name)


def test_empty_values_are_absent_on_the_pages_too(client, world):
    assert client.get("/articles/?date_to=&country=&sort=").context["messages_ignored"] == []
    assert client.get("/articles/export.csv?date_to=&country=").status_code == 200
    assert client.get("/api/articles/timeline/?interval=").json()["interval"] == "month"


@pytest.mark.parametrize("path", ["/api/articles/facets/", "/api/articles/timeline/"])
def test_undated_with_dates_is_a_documented_400(client, world, path):
    response = client.get(f"{path}?undated=1&date_from=2024-01-01")
    assert response.status_code == 400
    assert "undated articles have no date" in response.json()["undated"][0]
    assert "date_from" in _parameters(client, path)["undated"]["description"]


def test_a_query_string_django_will_not_read_is_a_json_400(client, world):
    response = client.get("/api/articles/?" + "&".join(["country=sy"] * 1_100))
    assert response.status_code == 400
    assert "query" in response.json()
