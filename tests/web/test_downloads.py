"""Every chart and facet table of the list and the entity pages downloads as CSV and SVG.

A download is the page's own URL with ``download=<name>.<csv|svg>``: its numbers are the
page's, its caption says what was filtered and where the page is, an unknown name is a
400 naming what the page offers.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, OfficialFactory, at, list_world, tag

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LIST_NAMES = [
    "timeline",
    "facet-country",
    "facet-official",
    "facet-organization",
    "facet-topic",
    "facet-source",
]
HOSTILE = '=HYPERLINK("http://evil.example")<script>alert(1)</script>&'


@pytest.fixture
def world():
    w = list_world()
    w["a1"] = tag(
        ArticleFactory(title="Moscow backs Damascus", source=w["ledger"], published_at=at(1)),
        w["sy"],
        w["ru"],
        w["lavrov"],
        w["un"],
        w["sanctions"],
        focus=True,
    )
    w["a2"] = tag(
        ArticleFactory(title="Aid convoy reaches Aleppo", source=w["wire"], published_at=at(5, 4)),
        w["sy"],
        w["sanctions"],
    )
    w["a3"] = tag(
        ArticleFactory(title="Paris and Moscow talk", source=w["wire"], published_at=at(9, 5)),
        w["ru"],
        w["fr"],
    )
    w["hostile"] = OfficialFactory(name=HOSTILE, slug="hostile")
    tag(w["a2"], w["hostile"])
    return w


def read_csv(response) -> tuple[list[str], list[str], list[dict]]:
    """Return (caption lines, header, rows as dicts) of a CSV download."""
    text = response.content.decode()
    caption = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    reader = csv.DictReader(io.StringIO(body))
    return caption, list(reader.fieldnames or []), list(reader)


def svg_root(response) -> ET.Element:
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def svg_text(root: ET.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("name", LIST_NAMES)
@pytest.mark.parametrize("fmt", ["csv", "svg"])
def test_every_offered_list_download_answers_with_a_caption(client, world, name, fmt):
    response = client.get(f"/articles/?country=sy&download={name}.{fmt}")
    assert response.status_code == 200
    assert f'filename="newsroom-{name}.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        caption, header, _ = read_csv(response)
    else:
        caption = svg_text(svg_root(response)).splitlines()
    assert any("Filters: Country: Syria" in line for line in caption)
    page = next(line for line in caption if line.startswith("Page: "))
    assert page.endswith("/articles/?country=sy")  # the permalink, without download=
    assert any(line.startswith("Made: ") for line in caption)


def test_the_list_page_links_each_download_with_an_accessible_name(client, world):
    html = unescape(client.get("/articles/?country=sy").content.decode())
    assert 'aria-label="Download the timeline as CSV"' in html
    assert 'aria-label="Download the timeline as SVG"' in html
    assert 'aria-label="Download the countries table as CSV"' in html
    assert "?country=sy&download=facet-topic.svg" in html


def test_timeline_csv_counts_are_the_charts(client, world):
    page = client.get("/articles/?country=sy")
    charted = page.context["timeline_series"]
    _, header, rows = read_csv(client.get("/articles/?country=sy&download=timeline.csv"))
    assert header == ["month_start", "articles", "list"]
    assert [(r["month_start"], int(r["articles"])) for r in rows] == [
        (start.isoformat(), count) for start, count, _ in charted
    ]
    # Each row's list is the page the bar opens, and that list counts the row's number.
    for row in rows:
        listed = client.get(row["list"].removeprefix("http://testserver"))
        assert listed.context["counts"].total == int(row["articles"])


def test_facet_csv_counts_are_the_pages_and_open_lists_of_that_size(client, world):
    page = client.get("/articles/?topic=sanctions")
    shown = {k: items for k, _, items in page.context["facet_groups"]}["country"]
    _, header, rows = read_csv(client.get("/articles/?topic=sanctions&download=facet-country.csv"))
    assert header == ["rank", "name", "key", "articles", "list"]
    assert [(r["key"], int(r["articles"])) for r in rows] == [
        (item.key, item.count) for item, _ in shown
    ]
    assert {r["key"]: int(r["articles"]) for r in rows} == {"sy": 2, "ru": 1}
    for row in rows:
        listed = client.get(row["list"].removeprefix("http://testserver"))
        assert listed.context["counts"].total == int(row["articles"])


@pytest.mark.parametrize(
    "state",
    [
        "country=sy",  # the chosen country's own row: its list is this list
        "country=ru&topic=sanctions",
        "country=sy&country=ru",  # any of two: each chosen row counts its own articles
        "country=sy&country=ru&match=all",
        "source=wire",
        "source=wire&source=ledger",  # outlets always match any
        "official=lavrov&country=ru&page=2",
    ],
)
@pytest.mark.parametrize("kind", ["country", "source", "official", "topic"])
def test_every_facet_csv_row_opens_a_list_of_its_count_chosen_values_too(
    client, world, state, kind
):
    """A chosen value's row does not link the list without it (the page's toggle): its
    ``list`` opens the articles its count counts (allsides-diplomatic: Russia's row on
    ?country=ru&q=sanctions said 563 and linked ?q=sanctions, 1,113)."""
    _, _, rows = read_csv(client.get(f"/articles/?{state}&download=facet-{kind}.csv"))
    assert rows
    for row in rows:
        listed = client.get(row["list"].removeprefix("http://testserver"))
        assert (row["key"], listed.context["counts"].total) == (row["key"], int(row["articles"]))


def test_unknown_download_is_a_400_listing_what_the_page_offers(client, world):
    for value in ("nothing.csv", "timeline.png", "timeline", "../../etc.csv", "x" * 500):
        response = client.get("/articles/", {"download": value})
        assert response.status_code == 400, value
        text = response.content.decode()
        for name in LIST_NAMES:
            assert f"{name}.csv" in text and f"{name}.svg" in text


def test_svg_escapes_a_hostile_name_and_csv_neutralises_formulas(client, world):
    response = client.get("/articles/?country=sy&download=facet-official.svg")
    root = svg_root(response)  # parses: the name cannot break the markup
    assert not list(root.iter(f"{SVG}script")) and b"<script>" not in response.content
    assert HOSTILE[:20] in svg_text(root)
    _, _, rows = read_csv(client.get("/articles/?country=sy&download=facet-official.csv"))
    names = [r["name"] for r in rows]
    assert "'" + HOSTILE in names


def test_a_hostile_search_is_escaped_in_the_caption(client, world):
    response = client.get("/articles/", {"q": "<b>moscow</b> &", "download": "timeline.svg"})
    root = svg_root(response)
    assert "Search: <b>moscow</b> &" in svg_text(root)


def test_svg_timeline_has_one_bar_per_period_and_no_links(client, world):
    root = svg_root(client.get("/articles/?download=timeline.svg"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == 3
    assert not list(root.iter(f"{SVG}a"))
    assert root.find(f"{SVG}style") is not None  # readable outside the site


ENTITY_PAGES = [
    ("/countries/sy/", "Country: Syria", ["facet-country", "facet-official", "facet-topic"]),
    ("/officials/sergey-lavrov/", "Official: Sergey Lavrov", ["facet-country", "facet-topic"]),
    ("/topics/sanctions/", "Topic: Sanctions", ["facet-country", "facet-official"]),
]


@pytest.mark.parametrize(("url", "filters", "names"), ENTITY_PAGES)
def test_entity_pages_offer_their_timeline_and_ranked_sections(client, world, url, filters, names):
    page = client.get(url)
    html = unescape(page.content.decode())
    coverage = page.context["coverage"]
    for name in ["timeline", *names]:
        if name == "timeline" or coverage.together[name.removeprefix("facet-")]:
            assert f"download={name}.csv" in html, name  # a link beside each non-empty one
        for fmt in ("csv", "svg"):
            response = client.get(url, {"download": f"{name}.{fmt}"})
            assert response.status_code == 200, (name, fmt)
            assert filters.encode() in response.content
            assert f"Page: http://testserver{url}".encode() in response.content
            if fmt == "svg":
                svg_root(response)
    for kind, items in coverage.together.items():
        _, _, rows = read_csv(client.get(url, {"download": f"facet-{kind}.csv"}))
        assert [(r["key"], int(r["articles"])) for r in rows] == [(i.key, i.count) for i in items]
    _, _, rows = read_csv(client.get(url, {"download": "timeline.csv"}))
    assert sum(int(r["articles"]) for r in rows) == coverage.dated
    assert client.get(url, {"download": "facet-nothing.csv"}).status_code == 400


def test_download_query_counts_stay_bounded(client, world, django_assert_max_num_queries):
    client.get("/articles/")  # the index is built on first use, outside the count
    with django_assert_max_num_queries(12):
        client.get("/articles/?country=sy&download=facet-topic.csv")
    with django_assert_max_num_queries(14):
        client.get("/countries/sy/?download=facet-official.svg")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=40))
def test_any_download_value_never_fails_the_server(client, world, value):
    for url in ("/articles/", "/countries/sy/"):
        response = client.get(url, {"download": value})
        assert response.status_code in (200, 400)
        if response.status_code == 200 and value:
            assert re.match(r"(text/csv|image/svg\+xml)", response["Content-Type"])


def test_an_empty_download_parameter_is_the_page(client, world):
    response = client.get("/articles/?country=sy&download=")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
