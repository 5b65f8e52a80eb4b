"""An article's correction notices are shown: the public page, the API detail, the admin."""

from __future__ import annotations

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12
NOTICE = "Correction: An earlier version of this story cited Iran instead of Iraq."
SECOND = "We regret the <error>."  # markup in a notice is text, never HTML


@pytest.fixture
def corrected():
    return ArticleFactory(
        title="Neighbours agree to share river water",
        body="Iraq and its neighbours agreed on Tuesday to share the river's water.",
        corrections=f"{NOTICE}\n\n{SECOND}",
    )


def test_the_page_shows_corrections_in_a_labelled_aside(
    client, corrected, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(corrected.get_absolute_url())
    html = response.content.decode()
    assert (
        '<aside class="page-corrections" aria-labelledby="corrections-title">\n'
        '      <h2 id="corrections-title">Correction</h2>'
    ) in html
    aside = html[html.index('<aside class="page-corrections"') :]
    aside = aside[: aside.index("</aside>")]
    assert f"<p>{NOTICE}</p>" in aside
    assert "<p>We regret the &lt;error&gt;.</p>" in aside  # escaped, one paragraph each
    # After the body, not inside it.
    assert html.index('<div class="body">') < html.index('<aside class="page-corrections"')
    assert NOTICE not in html[: html.index('<aside class="page-corrections"')]


def test_the_page_has_no_aside_without_corrections(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert "page-corrections" not in html and "corrections-title" not in html


def test_the_api_detail_includes_corrections(client, corrected, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERY_LIMIT):
        data = client.get(f"/api/articles/{corrected.pk}/").json()
    assert data["corrections"] == f"{NOTICE}\n\n{SECOND}"
    assert NOTICE not in data["body"]
    plain = client.get(f"/api/articles/{ArticleFactory().pk}/").json()
    assert plain["corrections"] == ""
    # The list rows stay as they were: corrections come with the body only.
    rows = client.get("/api/articles/").json()["results"]
    assert rows and all("corrections" not in row for row in rows)


def test_the_schema_documents_corrections(client):
    schema = client.get("/api/schema/?format=json").json()
    detail = schema["components"]["schemas"]["ArticleDetail"]
    assert "corrections" in detail["properties"]
    assert "corrections" in detail["required"]


def test_the_admin_shows_corrections_read_only(editor_client, corrected):
    response = editor_client.get(f"/admin/articles/article/{corrected.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "field-corrections" in html
    assert NOTICE in html
    assert 'name="corrections"' not in html  # shown, not edited
