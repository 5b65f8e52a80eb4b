"""The one pagination include: its page numbers, and the lists that use it keep their state."""

from __future__ import annotations

import pytest

from articles.choices import OfficialStatus
from articles.models import Official
from articles.views.pagination import pagination_links


def page_url(number: int) -> str:
    return f"?page={number}"


# name, current page, has a next page, last page (None: unknown), the numbers linked.
CASES = [
    ("only page", 1, False, 1, [1]),
    ("first of many", 1, True, 9, [1, 2, 3, None, 9]),
    ("middle", 5, True, 9, [1, None, 3, 4, 5, 6, 7, None, 9]),
    ("last", 9, False, 9, [1, None, 7, 8, 9]),
    ("last unknown: one past the current", 4, True, None, [1, 2, 3, 4, 5]),
]


@pytest.mark.parametrize(
    ("number", "has_next", "last", "numbers"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_page_numbers(number, has_next, last, numbers):
    links = pagination_links(number=number, has_next=has_next, last=last, url=page_url)
    assert [n for n, _ in links["page_links"]] == numbers
    assert all(url == (page_url(n) if n else None) for n, url in links["page_links"])
    assert links["prev_url"] == (page_url(number - 1) if number > 1 else None)
    assert links["next_url"] == (page_url(number + 1) if has_next else None)


@pytest.fixture
def officials(db):
    Official.objects.bulk_create(
        Official(name=f"Person {n:03}", slug=f"person-{n:03}", status=OfficialStatus.CONFIRMED)
        for n in range(101)
    )


def test_official_list_pages_with_the_shared_include(client, officials):
    first = client.get("/officials/")
    assert (first.context["prev_url"], first.context["next_url"]) == (None, "?page=2")
    html = first.content.decode()
    assert '<nav class="pagination list-pagination" aria-label="Pages">' in html
    assert '<a rel="next" href="?page=2">' in html
    second = client.get("/officials/?page=2")
    assert (second.context["prev_url"], second.context["next_url"]) == ("?", None)
    assert "Person 100" in second.content.decode()


def test_official_list_pages_keep_the_search(client, officials):
    response = client.get("/officials/?q=person")
    assert response.context["next_url"] == "?q=person&page=2"


def test_a_single_page_shows_no_pagination(client, officials):
    response = client.get("/officials/?q=person+001")
    assert "Person 001" in response.content.decode()
    assert 'aria-label="Pages"' not in response.content.decode()
