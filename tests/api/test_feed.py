"""/articles/feed.atom: valid Atom for any filtered view, linked from the pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def assert_valid_atom(root: ET.Element) -> None:
    """Check RFC 4287's required elements: feed id/title/updated; entry id/title/updated/link."""
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
        assert root.find(f"{ATOM}{name}").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        # No content element, so the entry needs a summary, and an author (none at feed level).
        assert entry.find(f"{ATOM}summary") is not None
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids)), "entry ids are unique"


def test_feed_of_a_filtered_view(client, world):
    root = parse(client.get("/articles/feed.atom?country=sy"))
    assert_valid_atom(root)
    assert root.find(f"{ATOM}title").text == "Newsroom — Country: Syria"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href").endswith("/articles/?country=sy")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Aid convoy reaches Aleppo",
        "Moscow backs Damascus",
        "Undated Syria note",
    ]
    first = entries[1]
    assert first.find(f"{ATOM}link").get("href").endswith(world["a1"].get_absolute_url())
    assert first.find(f"{ATOM}published").text.startswith("2014-03-01T12:00:00")
    assert first.find(f"{ATOM}summary").text == "Russia said it backs Syria."
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == [
        "Russia",
        "Syria",
        "Sanctions",
    ]
    # The undated one has no <published> but still its <updated>.
    assert entries[2].find(f"{ATOM}published") is None


def test_feed_holds_the_newest_50(client, db):
    for n in range(60):
        ArticleFactory(
            title=f"Item {n}", published_at=datetime(2020, 1, 1 + n % 28, n % 24, tzinfo=UTC)
        )
    root = parse(client.get("/articles/feed.atom"))
    assert_valid_atom(root)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 50
    dates = [e.find(f"{ATOM}published").text for e in entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_rejects_bad_parameters(client, world):
    response = client.get("/articles/feed.atom?country=zz")
    assert response.status_code == 400
    assert "no country" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/countries/sy/", "/articles/feed.atom?country=sy"),
        ("/officials/sergey-lavrov/", "/articles/feed.atom?official=sergey-lavrov"),
        ("/topics/sanctions/", "/articles/feed.atom?topic=sanctions"),
    ],
)
def test_entity_pages_link_their_feed(client, world, page, feed):
    html = client.get(page).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}"' in html
    assert f'<a class="feed-link" href="{feed}">Atom feed</a>' in html
    assert_valid_atom(parse(client.get(feed)))
