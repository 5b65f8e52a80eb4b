"""The list's facets come after every row (100+ Tab presses on a full page): a link near
the count skips to them, and their heading takes the focus (issue 19's polish list)."""

from __future__ import annotations

import re

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?q=nothing-matches-this", "?page=999"])
def test_a_link_near_the_count_skips_to_the_facets(client, query):
    for i in range(3):
        ArticleFactory(title=f"Row {i}")
    html = client.get("/articles/" + query).content.decode()
    links = re.findall(r'<a class="list-to-facets" href="#facets-heading">', html)
    assert len(links) == 1
    assert '<h2 id="facets-heading" tabindex="-1">Refine</h2>' in html
    skip_at = html.index('href="#facets-heading"')
    assert skip_at < html.index('class="list-count"') + 600  # beside the count
    rows = [m.start() for m in re.finditer(r"<h3", html)]
    assert all(skip_at < row for row in rows)  # before the first row
