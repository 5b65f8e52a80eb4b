"""The API, both exports, the export command and /articles/ select the same articles."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from tests.api.helpers import api_ids, export_ids, page_ids

pytestmark = pytest.mark.django_db

# (name, parameters, the fixture articles expected) — a table over every contract filter.
CASES = [
    ("everything, one row per story", [], ["a3", "a2", "a1", "u"]),
    ("every copy", [("copies", "all")], ["a3", "a3copy", "a2", "a1", "u"]),
    ("one country", [("country", "sy")], ["a2", "a1", "u"]),
    ("country by name, any", [("country", "Syria"), ("country", "fr")], ["a3", "a2", "a1", "u"]),
    ("countries, all of them", [("country", "ru"), ("country", "sy"), ("match", "all")], ["a1"]),
    ("focus", [("country", "sy"), ("focus", "1")], ["a1"]),
    ("official", [("official", "sergey-lavrov")], ["a1"]),
    ("candidate official", [("official", "nadia-novak")], ["a2"]),
    ("organisation", [("organization", "un")], ["a1"]),
    ("topic", [("topic", "peace-talks")], ["a3", "a2"]),
    ("source shows every copy", [("source", "ledger")], ["a3copy", "a1", "u"]),
    ("dates", [("date_from", "2014-03-01"), ("date_to", "2014-04-30")], ["a2", "a1"]),
    ("undated", [("undated", "1")], ["u"]),
    ("search", [("q", "Moscow")], ["a3", "a1"]),
    ("search, oldest", [("q", "Moscow"), ("sort", "oldest")], ["a1", "a3"]),
    ("oldest", [("sort", "oldest")], ["a1", "a2", "a3", "u"]),
    ("nothing matches", [("country", "fr"), ("organization", "un"), ("match", "all")], []),
]


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=[c[0] for c in CASES])
def test_api_exports_and_page_agree(client, world, name, params, expected):
    want = [world[key].id for key in expected]
    page = page_ids(client, params)
    assert sorted(page) == sorted(want), "the page itself"
    assert api_ids(client, params) == page
    # Exports come in list order, except that relevance is exported newest first.
    assert export_ids(client, params, "csv") == page
    assert export_ids(client, params, "jsonl") == page


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, ["a3", "a2", "a1", "u"]),
        ({"country": ["ru", "sy"], "match": "all"}, ["a1"]),
        ({"country": ["sy"], "focus": True}, ["a1"]),
        (
            {"copies": "all", "date_from": "2014-04-01"},
            ["a3copy", "a3", "a2"],
        ),  # same date: id desc
        ({"q": "Moscow", "sort": "oldest"}, ["a1", "a3"]),
        ({"undated": True}, ["u"]),
        ({"topic": ["peace-talks"], "source": ["wire"]}, ["a3", "a2"]),
    ],
)
def test_export_command_writes_the_same_rows(world, tmp_path, options, expected):
    output = tmp_path / "out.jsonl"
    err = io.StringIO()
    call_command("export_articles", format="jsonl", output=str(output), stderr=err, **options)
    ids = [json.loads(line)["id"] for line in output.read_text("utf-8").splitlines()]
    assert ids == [world[key].id for key in expected]
    assert f"Exported {len(expected)} articles" in err.getvalue()


def test_search_by_relevance_has_the_same_set(client, world):
    params = [("q", "Moscow or Aleppo"), ("sort", "relevance")]
    page = page_ids(client, params)
    assert (
        sorted(api_ids(client, params))
        == sorted(page)
        == sorted(world[k].id for k in ("a1", "a2", "a3"))
    )
    assert sorted(export_ids(client, params, "csv")) == sorted(page)


def test_api_rows_and_jsonl_rows_are_identical(client, world):
    """Same fields, same values, same list order, whichever way the rows are read."""
    api = client.get("/api/articles/?copies=all&page_size=100").json()["results"]
    response = client.get("/articles/export.jsonl?copies=all")
    jsonl = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert api == jsonl
    assert len(api) == 5
