"""``lede`` in every export and API row; the cleaned text with ``fields=body`` (API, exports)
or ``export_articles --with-body``; unknown ``fields`` refused (400), never a 5xx."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.selectors.export import EXPORT_FIELDS, parse_fields
from tests.api.helpers import api_ids, csv_rows, export_ids, export_text, page_ids

pytestmark = pytest.mark.django_db

# Each API request reads and writes its client's rate-limit count (as in test_api.py).
THROTTLE_QUERIES = 6
BODY = "=cmd|' /C calc'!A0 opens the body.\nSecond paragraph, “quoted”, São Paulo."


@pytest.fixture
def bodies(world):
    world["a1"].body = BODY
    world["a1"].save(update_fields=["body"])
    return world


@pytest.mark.parametrize(
    ("values", "asked", "errors"),
    [
        ([], set(), 0),
        ([""], set(), 0),
        (["body"], {"body"}, 0),
        (["body,body", " body "], {"body"}, 0),
        (["body,"], {"body"}, 0),
        (["lede"], set(), 1),
        (["body,colour"], {"body"}, 1),
        (["Body"], set(), 1),
        (["x,y,z,a,b,c,d"], set(), 5),  # at most five reasons
    ],
)
def test_parse_fields(values, asked, errors):
    got, reasons = parse_fields(values)
    assert got == asked
    assert len(reasons) == errors
    assert all("optional fields are body" in r for r in reasons)


def test_lede_is_in_every_export_and_api_row(client, bodies):
    assert EXPORT_FIELDS[-1] == "lede"  # appended: the columns before it never move
    _, text = export_text(client, [("official", "sergey-lavrov")], "csv")
    (row,) = csv_rows(text)
    assert row["lede"] == "Russia said it backs Syria." and "body" not in row
    _, text = export_text(client, [("official", "sergey-lavrov")], "jsonl")
    line = json.loads(text)
    assert line["lede"] == "Russia said it backs Syria." and "body" not in line
    (api,) = client.get("/api/articles/?official=sergey-lavrov").json()["results"]
    assert api["lede"] == "Russia said it backs Syria." and "body" not in api
    detail = client.get(f"/api/articles/{bodies['a1'].id}/").json()
    assert detail["lede"] == "Russia said it backs Syria." and detail["body"] == BODY


def test_fields_body_adds_the_cleaned_text_everywhere(client, bodies):
    a1 = bodies["a1"].id
    _, text = export_text(client, [("country", "sy"), ("fields", "body")], "csv")
    assert text.split("\r\n", 1)[0] == ",".join((*EXPORT_FIELDS, "body"))
    rows = {int(r["id"]): r for r in csv_rows(text)}
    assert rows[a1]["body"] == "'" + BODY  # a formula is neutralised, the text kept whole
    _, text = export_text(client, [("country", "sy"), ("fields", "body")], "jsonl")
    lines = {r["id"]: r for r in map(json.loads, text.splitlines())}
    assert list(lines[a1]) == [*EXPORT_FIELDS, "body"]
    assert lines[a1]["body"] == BODY and "corrections" not in lines[a1]
    results = client.get("/api/articles/?country=sy&fields=body&page_size=100").json()["results"]
    api = {r["id"]: r for r in results}
    assert api[a1]["body"] == BODY and "corrections" not in api[a1]
    assert set(api) == set(lines) == set(rows)


@pytest.mark.parametrize(
    "params",
    [[("fields", "body")], [("country", "sy"), ("fields", "body")], [("q", "Moscow")]],
)
def test_fields_body_keeps_the_same_articles_in_the_same_order(client, bodies, params):
    page = page_ids(client, [p for p in params if p[0] != "fields"])
    assert api_ids(client, params) == page
    assert export_ids(client, params, "csv") == page
    assert export_ids(client, params, "jsonl") == page


@pytest.mark.parametrize("value", ["colour", "body,lede", "<script>", "x" * 300])
def test_unknown_fields_are_refused(client, world, value):
    api = client.get("/api/articles/", {"fields": value})
    assert api.status_code == 400
    assert "optional fields are body" in api.json()["fields"][0]
    for fmt in ("csv", "jsonl"):
        export = client.get(f"/articles/export.{fmt}", {"fields": value})
        assert export.status_code == 400
        assert export["Content-Type"].startswith("text/plain")
        text = export.content.decode()
        assert "not made" in text and "fields: unknown field" in text
        assert "<script>" not in text or value == "<script>"  # plain text, never HTML


def test_export_command_with_body(bodies, tmp_path):
    out = tmp_path / "with.csv"
    call_command(
        "export_articles", "--country", "ru", "--with-body", "-o", str(out), stderr=io.StringIO()
    )
    rows = {int(r["id"]): r for r in csv_rows(out.read_text(encoding="utf-8"))}
    assert rows[bodies["a1"].id]["body"] == "'" + BODY
    assert rows[bodies["a1"].id]["lede"] == "Russia said it backs Syria."
    plain = io.StringIO()
    call_command(
        "export_articles",
        "--country",
        "ru",
        "--format",
        "jsonl",
        stdout=plain,
        stderr=io.StringIO(),
    )
    first = json.loads(plain.getvalue().splitlines()[0])
    assert "body" not in first and "lede" in first


def test_api_page_with_bodies_keeps_its_query_count(client, world, django_assert_max_num_queries):
    """The same bound as a page without bodies (test_api.py): bodies come in the rows' query."""
    client.get("/api/articles/")  # the index is built on first use
    with django_assert_max_num_queries(8 + THROTTLE_QUERIES):
        assert client.get("/api/articles/?fields=body&page_size=100").status_code == 200


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.text(max_size=30), max_size=3))
def test_any_fields_value_never_fails_the_server(client, world, values):
    query = [("fields", v) for v in values]
    for url in ("/api/articles/", "/articles/export.csv", "/articles/export.jsonl"):
        response = client.get(url, query)
        assert response.status_code in (200, 400), (url, values)
