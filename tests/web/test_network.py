"""/network/: who appears with whom in a list, and the network on country and official pages.

Every number is the count of the list it links to; the drawing is valid, escaped SVG with
no links in it; bad parameters never give a 500.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.charts import network as drawing
from articles.filtersets import ArticleFilterSet
from articles.search.indexing import sync
from articles.selectors import article_public_queryset, browse
from articles.selectors.network import network_read
from articles.views.lists import Links
from articles.views.network import pair_url
from tests.factories import (
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    at,
    list_world,
    make_story,
    tag,
)

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world():
    """Syria, Russia, France, Lavrov and Shoigu over five articles (one focus-tagged)."""
    w = list_world()
    w["shoigu"] = OfficialFactory(name="Sergei Shoigu", slug="sergei-shoigu")
    w["a1"] = tag(
        ArticleFactory(title="Moscow backs Damascus", source=w["ledger"], published_at=at(1)),
        w["sy"],
        w["ru"],
        w["lavrov"],
        focus=True,
    )
    w["a2"] = tag(
        ArticleFactory(title="Aid convoy reaches Aleppo", source=w["wire"], published_at=at(5)),
        w["sy"],
        w["ru"],
    )
    tag(w["a2"], w["shoigu"], focus=True)
    w["a3"] = tag(
        ArticleFactory(title="Paris and Moscow talk", source=w["wire"], published_at=at(9)),
        w["ru"],
        w["fr"],
        w["lavrov"],
    )
    w["a4"] = tag(
        ArticleFactory(title="Lavrov in Paris", source=w["ledger"], published_at=at(12)),
        w["fr"],
        w["lavrov"],
        w["sy"],
    )
    w["a5"] = tag(
        ArticleFactory(title="Undated Syria note", source=w["ledger"], published_at=None),
        w["sy"],
    )
    return w


def pairs_of(response) -> dict[frozenset, int]:
    return {
        frozenset((row.pair.a.key, row.pair.b.key)): row.pair.count
        for row in response.context["pair_rows"]
    }


def test_pairs_count_the_articles_mentioning_both(client, world):
    response = client.get("/network/")
    assert response.status_code == 200
    nodes = {n.key: n.count for n in response.context["network"].nodes}
    assert nodes == {"sy": 4, "ru": 3, "fr": 2, "sergey-lavrov": 3, "sergei-shoigu": 1}
    assert pairs_of(response) == {
        frozenset(("sy", "ru")): 2,
        frozenset(("sy", "sergey-lavrov")): 2,
        frozenset(("ru", "sergey-lavrov")): 2,
        frozenset(("fr", "sergey-lavrov")): 2,
        frozenset(("ru", "fr")): 1,
        frozenset(("sy", "fr")): 1,
        frozenset(("sy", "sergei-shoigu")): 1,
        frozenset(("ru", "sergei-shoigu")): 1,
    }
    # The strongest first, ties by name.
    counts = [row.pair.count for row in response.context["pair_rows"]]
    assert counts == sorted(counts, reverse=True)


STATES = (
    "",
    "?country=sy",
    "?official=sergey-lavrov",
    "?focus=1",
    "?country=ru&focus=1",
    "?q=moscow",
    "?source=wire",
    "?copies=all",
    "?country=sy&country=fr&match=all",
    "?topic=sanctions",
    "?date_from=2014-03-04",
)


def test_every_pair_and_node_number_is_the_count_of_the_list_it_opens(client, world):
    followed = 0
    for state in STATES:
        response = client.get("/network/" + state)
        assert response.status_code == 200, state
        links = [(row.url, row.pair.count) for row in response.context["pair_rows"]]
        links += [(url, node.count) for node, url in response.context["node_rows"]]
        for url, number in links:
            assert url, state  # every state here can narrow
            opened = client.get(url)
            assert opened.context["counts"].total == number, (state, url)
            # And PostgreSQL's own filter (the reference of what the filters mean) agrees.
            criteria = ArticleFilterSet(QueryDict(urlsplit(url).query)).criteria
            reference = browse.article_filter(article_public_queryset(), criteria=criteria)
            assert reference.count() == number, (state, url)
            followed += 1
    assert followed >= 40


def test_a_pair_link_narrows_with_match_all(client, world):
    response = client.get("/network/?country=sy")
    urls = {frozenset((r.pair.a.key, r.pair.b.key)): r.url for r in response.context["pair_rows"]}
    url = urls[frozenset(("ru", "sergey-lavrov"))]
    assert url.startswith("/articles/?")
    assert "match=all" in url and "country=sy" in url and "country=ru" in url
    opened = client.get(url)
    assert [a.title for a in opened.context["page"].rows] == ["Moscow backs Damascus"]
    # The state's own country is in every article: it is not drawn.
    assert "sy" not in {n.key for n in response.context["network"].nodes}
    assert "Every article here mentions Syria" in response.content.decode()


@pytest.mark.parametrize(
    ("state", "entries", "expected"),
    [
        ("", [("country", "ru"), ("official", "x")], "country=ru&official=x"),
        ("", [("country", "ru"), ("country", "fr")], "match=all&country=ru&country=fr"),
        (
            "country=sy",
            [("country", "ru"), ("official", "x")],
            "country=sy&match=all&country=ru&official=x",
        ),
        (
            "official=sergey-lavrov",
            [("country", "ru"), ("country", "fr")],
            "official=sergey-lavrov&match=all&country=ru&country=fr",
        ),
        (
            "country=sy&country=fr&match=all",
            [("official", "x"), ("country", "ru")],
            "country=sy&country=fr&match=all&official=x&country=ru",
        ),
        (
            "topic=sanctions",
            [("country", "ru"), ("official", "x")],
            "topic=sanctions&country=ru&official=x",
        ),
        (
            "source=ledger&source=wire",
            [("country", "ru"), ("country", "fr")],
            "source=ledger&source=wire&match=all&country=ru&country=fr",
        ),
        ("country=sy&country=fr", [("country", "ru"), ("official", "x")], None),
        ("country=sy&country=fr", [("official", "x"), ("official", "y")], None),
        # Other kinds join with "and": a pair of new kinds narrows without match=all.
        (
            "country=sy&country=fr",
            [("topic", "t"), ("organization", "o")],
            "country=sy&country=fr&topic=t&organization=o",
        ),
    ],
)
def test_pair_urls_narrow_as_facet_links_do(world, state, entries, expected):
    filterset = ArticleFilterSet(QueryDict(state))
    url = pair_url(filterset.criteria, Links(filterset.params()), *entries)
    assert url == (None if expected is None else "/articles/?" + expected)


def test_several_values_matched_with_any_cannot_narrow_and_the_page_says_so(client, world):
    response = client.get("/network/?country=sy&country=fr")
    assert response.status_code == 200
    rows = response.context["pair_rows"]
    assert rows and {r.url for r in rows} == {None}
    html = response.content.decode()
    assert "cannot open their articles" in html
    assert "match=all" in response.context["match_all_url"]
    # Both countries are drawn (neither is in every match).
    assert {"sy", "fr"} <= {n.key for n in response.context["network"].nodes}


def test_focus_counts_only_focus_mentions(client, world):
    response = client.get("/network/?focus=1")
    nodes = {n.key: n.count for n in response.context["network"].nodes}
    assert nodes == {"sy": 1, "ru": 1, "sergey-lavrov": 1, "sergei-shoigu": 1}
    assert pairs_of(response)[frozenset(("sy", "ru"))] == 1
    assert frozenset(("sy", "sergei-shoigu")) not in pairs_of(response)


def test_stories_count_once_as_the_list_does(client, world):
    _, (lead, copy) = make_story(2)
    tag(lead, world["ru"])
    tag(copy, world["fr"])  # the story mentions both, each copy one
    one_row = pairs_of(client.get("/network/"))[frozenset(("ru", "fr"))]
    every_copy = pairs_of(client.get("/network/?copies=all"))[frozenset(("ru", "fr"))]
    assert (one_row, every_copy) == (2, 1)
    opened = client.get("/articles/?country=ru&country=fr&match=all")
    assert opened.context["counts"].total == 2


def test_the_top_thirty_are_the_most_mentioned_ties_by_name(client):
    officials = [OfficialFactory(name=f"Minister {n}", slug=f"minister-{n}") for n in range(5)]
    countries = [CountryFactory(name=f"Land {n:02}") for n in range(30)]
    # Land n is in 30 - n articles (the first also mentions Land 00), each minister in 10.
    for n, country in enumerate(countries):
        for k in range(30 - n):
            tag(
                ArticleFactory(published_at=at(1)),
                country,
                *([countries[0]] if n and not k else []),
            )
    for official in officials:
        for _ in range(10):
            tag(ArticleFactory(published_at=at(2)), official)
    sync(wait=True)
    network = network_read(criteria=browse.ArticleCriteria())
    # 30, 29 … 11 (Lands 00-19), then 10: Land 20 and the five ministers, then 9 … 6.
    expected = [f"Land {n:02}" for n in range(21)] + [f"Minister {n}" for n in range(5)]
    expected += [f"Land {n:02}" for n in range(21, 25)]
    assert [n.name for n in network.nodes] == expected
    assert network.nodes[0].count == 30 + 29  # Land 00, in its own and each first article
    pairs = {(p.a.name, p.b.name): p.count for p in network.pairs}
    assert pairs[("Land 00", "Land 01")] == 1
    assert len(pairs) == 24  # Land 00 with each other land drawn; no minister with anyone


def test_the_drawing_is_valid_svg_escapes_names_and_holds_no_links(client, world):
    evil = CountryFactory(iso2="XE", name='<Evil & "Co">')
    tag(world["a1"], evil)
    html = client.get("/network/").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2  # wide and phone
    for markup in svgs:
        root = ET.fromstring(markup)
        assert root.get("role") == "img"
        assert not list(root.iter(f"{SVG_NS}a"))  # axe: no links inside an image
        labels = [t.text for t in root.iter(f"{SVG_NS}text")]
        assert any(label and label.startswith("<Evil") for label in labels)
        assert root.find(f"{SVG_NS}title").text.startswith("Who appears with whom")
    assert '<Evil & "Co">' not in html
    standalone = client.get("/network/?download=network.svg").content.decode()
    labels = [t.text for t in ET.fromstring(standalone).iter(f"{SVG_NS}text")]
    assert '<Evil & "Co">' in labels and '<Evil & "Co">' not in standalone


def test_countries_and_officials_differ_in_shape():
    nodes = [drawing.Node("Russia", "country", 9), drawing.Node("Lavrov", "official", 4)]
    markup = drawing.svg(nodes, [drawing.Edge(0, 1, 3)], title="t")
    root = ET.fromstring(markup)
    assert [c.get("class") for c in root.iter(f"{SVG_NS}circle")] == ["network-country"]
    assert [r.get("class") for r in root.iter(f"{SVG_NS}rect")] == ["network-official"]
    assert len(list(root.iter(f"{SVG_NS}path"))) == 1
    assert markup == drawing.svg(nodes, [drawing.Edge(0, 1, 3)], title="t")  # deterministic


def test_the_layout_puts_countries_then_officials_around_the_circle():
    nodes = [
        drawing.Node("B official", "official", 5),
        drawing.Node("A country", "country", 2),
        drawing.Node("C country", "country", 7),
    ]
    assert drawing.order(nodes) == [2, 1, 0]
    angles = {i: a for i, (_, _, a) in drawing.positions(nodes, drawing.WIDE).items()}
    assert angles[2] < angles[1] < angles[0]


@pytest.mark.parametrize(
    ("label", "length", "expected"),
    [
        ("Russia", 15, "Russia"),
        ("Mohammad Javad Zarif", 15, "Mohammad Javad…"),
        ("Abcdefghijklmnop", 16, "Abcdefghijklmnop"),
    ],
)
def test_long_labels_are_cut(label, length, expected):
    assert drawing._cut(label, length) == expected


def test_downloads_pairs_csv_and_standalone_svg(client, world):
    response = client.get("/network/?country=sy&download=network.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert text.startswith("# Newsroom: who appears with whom")
    assert "Country: Syria" in text
    assert rows[0]["articles_together"].isdigit()
    for row in rows:
        path = row["list_url"].split("://", 1)[1].split("/", 1)[1]
        assert client.get("/" + path).context["counts"].total == int(row["articles_together"])
    svg = client.get("/network/?download=network.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.content.decode())
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Filters: none" in texts and "Made:" in texts
    assert root.find(f"{SVG_NS}style") is not None
    assert client.get("/network/?download=nope.csv").status_code == 400


def test_empty_states(client, world):
    html = client.get("/network/?q=zzzqqq").content.decode()
    assert "No articles match this list" in html
    ArticleFactory(title="Weather report", published_at=at(2))
    html = client.get("/network/?q=weather").content.decode()
    assert "No country or official is mentioned" in html
    html = client.get("/network/?country=fr&official=sergey-lavrov&match=all&source=ledger")
    assert "there is no pair to draw" in unescape(html.content.decode())
    one = client.get("/network/?q=undated")
    assert one.status_code == 200
    assert "there is no pair to draw" in unescape(one.content.decode())
    # No drawing, no SVG download (the CSV still answers, empty).
    assert client.get("/network/?q=undated&download=network.svg").status_code == 400


def test_permalinks_and_the_list_links_both_ways(client, world):
    response = client.get("/network/?country=sy&page=3&focus=1")
    html = response.content.decode()
    assert 'href="/articles/?country=sy&amp;focus=1"' in html
    assert response.context["permalink"] == "?country=sy&focus=1"
    listing = client.get("/articles/?country=sy&focus=1").content.decode()
    assert 'href="/network/?country=sy&amp;focus=1"' in listing
    assert "Who appears with whom" in listing


def test_bad_values_are_named_not_fatal(client, world):
    response = client.get("/network/?country=atlantis&date_from=yesterday")
    assert response.status_code == 200
    assert len(response.context["messages_ignored"]) == 2


def test_query_count_is_bounded(client, world, django_assert_max_num_queries):
    sync(wait=True)
    with django_assert_max_num_queries(6):
        response = client.get("/network/?country=sy")
    assert response.status_code == 200


def test_country_and_official_pages_show_their_own_network(client, world):
    response = client.get("/countries/sy/")
    html = response.content.decode()
    assert "Who appears with Syria" in html
    assert 'href="/network/?country=sy"' in html
    assert len(re.findall(r"<svg class=\"network-svg", html)) == 2
    for row in response.context["network_rows"]:
        assert client.get(row.url).context["counts"].total == row.pair.count
    official = client.get("/officials/sergey-lavrov/").content.decode()
    assert "Who appears with Sergey Lavrov" in official
    assert 'href="/network/?official=sergey-lavrov"' in official


_names = st.sampled_from(
    ["country", "official", "focus", "match", "q", "date_from", "copies", "download", "page"]
)
_text = st.text(max_size=12)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=st.lists(st.tuples(st.one_of(_names, _text), _text), max_size=6))
def test_random_query_strings_never_500(client, params):
    response = client.get("/network/?" + urlencode(params))
    assert response.status_code in (200, 400)
