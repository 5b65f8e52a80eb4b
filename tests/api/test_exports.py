"""/articles/export.csv and .jsonl: stable columns, UTF-8, a telling file name (every row of
3,000 articles, streamed: test_exports_bulk.py)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.utils import timezone

from articles.selectors.export import EXPORT_FIELDS, export_filename
from tests.api.helpers import csv_rows, export_text

pytestmark = pytest.mark.django_db


def test_csv_columns_quoting_and_lists(client, world):
    world["a1"].title = 'Moscow, “Damascus” and "Ankara"\nagree — São Paulo'
    world["a1"].save(update_fields=["title"])
    response, text = export_text(client, [("country", "ru"), ("country", "sy")], "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header = text.split("\r\n", 1)[0]
    assert header == ",".join(EXPORT_FIELDS)
    rows = {int(r["id"]): r for r in csv_rows(text)}
    a1 = rows[world["a1"].id]
    assert a1 == {
        "id": str(world["a1"].id),
        "url": "https://ledger.example/moscow-backs-damascus",
        "external_id": "ledger-1",
        "title": 'Moscow, “Damascus” and "Ankara"\nagree — São Paulo',
        "source": "ledger",
        "published_at": "2014-03-01T12:00:00Z",
        "countries": "RU;SY",
        "focus_countries": "RU;SY",
        "officials": "sergey-lavrov",
        "organizations": "un",
        "topics": "sanctions",
        "lede": "Russia said it backs Syria.",
    }
    assert rows[world["u"].id]["published_at"] == ""


def test_jsonl_is_one_object_per_line_with_design_fields(client, world):
    response, text = export_text(client, [("official", "sergey-lavrov")], "jsonl")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = text.splitlines()
    assert len(lines) == 1 and text.endswith("\n")
    row = json.loads(lines[0])
    assert list(row) == list(EXPORT_FIELDS)
    assert row["officials"] == [
        {
            "slug": "sergey-lavrov",
            "name": "Sergey Lavrov",
            "role": "Foreign Minister, Russia",
            "status": "confirmed",
        }
    ]


def test_non_ascii_is_written_as_utf8(client, world):
    world["a2"].title = "Лавров в Дамаске — زيارة"
    world["a2"].save(update_fields=["title"])
    for fmt in ("csv", "jsonl"):
        response = client.get(f"/articles/export.{fmt}?country=sy")
        raw = b"".join(response.streaming_content)
        assert "Лавров в Дамаске — زيارة".encode() in raw


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "newsroom-all-{today}.csv"),
        ("?country=sy&country=ru", "newsroom-country-ru-sy-{today}.csv"),
        (
            "?q=Moscow+talks&date_from=2014-01-01&date_to=2014-12-31",
            "newsroom-search-moscow-talks-from-2014-01-01-to-2014-12-31-{today}.csv",
        ),
        ("?official=sergey-lavrov&focus=1", "newsroom-official-sergey-lavrov-focus-{today}.csv"),
        (
            "?topic=sanctions&copies=all&sort=oldest",
            "newsroom-topic-sanctions-copies-all-{today}.csv",
        ),
        ("?country=Syria", "newsroom-country-sy-{today}.csv"),
    ],
)
def test_file_name_says_what_was_filtered_and_when(client, world, query, expected):
    response = client.get("/articles/export.csv" + query)
    today = timezone.localdate().isoformat()
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="{expected.format(today=today)}"'


def test_file_name_is_safe_for_any_search():
    name = export_filename(
        params=[("q", '"x" ; rm -rf / ' + "é" * 300)],
        extension="jsonl",
        today=date(2026, 11, 27),
    )
    assert re.fullmatch(r"newsroom-[a-z0-9-]+-2026-11-27\.jsonl", name)
    assert len(name) < 200


@pytest.mark.parametrize(
    "query", ["?country=zz", "?date_from=2014-31-12", "?official=nobody", "?colour=red"]
)
def test_bad_parameters_answer_400_not_a_different_export(client, world, query):
    response = client.get("/articles/export.csv" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "not made" in response.content.decode()


def test_list_page_links_both_exports_and_the_feed_with_its_filters(client, world):
    html = client.get("/articles/?country=sy&focus=1").content.decode()
    assert 'href="/articles/export.csv?country=sy&amp;focus=1"' in html
    assert 'href="/articles/export.jsonl?country=sy&amp;focus=1"' in html
    assert 'href="/articles/feed.atom?country=sy&amp;focus=1"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Newsroom: newest articles of '
        'this list" href="/articles/feed.atom?country=sy&amp;focus=1">'
    ) in html


def test_export_command_csv_to_stdout_and_errors(world, capsys):
    import io

    from django.core.management import CommandError, call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", "--format", "csv", "--country", "sy", stdout=out, stderr=err)
    rows = csv_rows(out.getvalue())
    assert [int(r["id"]) for r in rows] == [world[k].id for k in ("a2", "a1", "u")]
    assert "Exported 3 articles to standard output." in err.getvalue()
    with pytest.raises(CommandError, match="no country has this ISO code"):
        call_command("export_articles", "--country", "zz", stdout=out)
    with pytest.raises(CommandError, match="Enter a valid date"):
        call_command("export_articles", "--date-from", "soon", stdout=out)


def test_head_answers_the_headers_without_the_rows(client, world):
    response = client.head("/articles/export.jsonl?country=sy")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="newsroom-country-sy-')
    assert response.content == b""
    assert client.post("/articles/export.csv").status_code == 405
