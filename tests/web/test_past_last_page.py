"""A page number past the end of a list: every paged list shows its last page and says so.

The article list (filtered or not, with search words or not) and the officials index
answer alike: "Page N is past the last page", a link to the last page, the exact count.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.views.pagination import page_param, past_last_page
from tests.factories import ArticleFactory, OfficialFactory, SourceFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2013, 5, 1, 12, tzinfo=UTC)


@pytest.fixture
def thirty():
    source = SourceFactory(slug="wire")
    for i in range(30):
        ArticleFactory(
            source=source, title=f"Ceasefire talks day {i}", published_at=DAY + timedelta(days=i)
        )


def text_of(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


@pytest.mark.parametrize(
    ("query", "last_url"),
    [
        ("page=999", "?page=2"),
        ("source=wire&page=999", "?source=wire&amp;page=2"),
        ("q=ceasefire&page=999", "?q=ceasefire&amp;page=2"),
        ("q=ceasefire&sort=oldest&page=3", "?q=ceasefire&amp;sort=oldest&amp;page=2"),
    ],
    ids=["unfiltered", "filtered", "search", "search sorted"],
)
def test_article_list_past_the_end_shows_the_last_page_and_says_so(client, thirty, query, last_url):
    response = client.get("/articles/?" + query)
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["page"].rows) == 5
    requested = query.rsplit("page=", 1)[1]
    html = response.content.decode()
    assert f'<a href="{last_url}">page 2</a>' in html
    text = text_of(response)
    assert (
        f"Page {requested} is past the last page: showing the last page, page 2 of 30 results."
        in text
    )
    assert "No articles match" not in text


def test_a_page_within_the_list_says_nothing_and_an_empty_list_keeps_its_empty_state(
    client, thirty
):
    assert "past the last page" not in text_of(client.get("/articles/?page=2"))
    empty = text_of(client.get("/articles/?q=zebra&page=4"))
    assert "past the last page" not in empty
    assert "No articles match" in empty


def test_officials_index_past_the_end_and_bad_page_values(client):
    for i in range(105):
        OfficialFactory(name=f"Official {i:03d}")
    response = client.get("/officials/?page=999")
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert "Page 999 is past the last page: showing the last page, page 2 of 105 results." in (
        text_of(response)
    )
    for bad in ("abc", "0", "-1", "99999999999", "1.5"):
        response = client.get("/officials/", {"page": bad})
        assert response.status_code == 200
        assert response.context["page"].number == 1
        assert "Ignored page" in text_of(response)


# raw value, page number, ignored
PAGE_PARAMS = [
    (None, 1, False),
    ("", 1, False),
    ("3", 3, False),
    (" 7 ", 7, False),
    ("0", 1, True),
    ("-2", 1, True),
    ("x", 1, True),
    ("10001", 1, True),
    ("٣", 1, True),
    ("9" * 5000, 1, True),  # a digit of another script is not a page number
]


@pytest.mark.parametrize(("raw", "number", "ignored"), PAGE_PARAMS)
def test_page_param(raw, number, ignored):
    got, message = page_param(raw)
    assert (got, message is not None) == (number, ignored)


@pytest.mark.parametrize(
    ("requested", "last", "total", "expected"),
    [
        (1, 1, 0, {}),
        (5, 1, 0, {}),  # an empty list: its empty state speaks
        (2, 2, 30, {}),
        (9, 2, 30, {"past_last": {"requested": 9, "last": 2, "url": "?page=2"}}),
    ],
)
def test_past_last_page(requested, last, total, expected):
    assert (
        past_last_page(requested=requested, last=last, total=total, url=lambda n: f"?page={n}")
        == expected
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=st.text(max_size=12))
def test_no_page_value_is_a_server_error(client, page):
    assert client.get("/officials/", {"page": page}, follow=True).status_code == 200
    assert client.get("/articles/", {"page": page}).status_code == 200
