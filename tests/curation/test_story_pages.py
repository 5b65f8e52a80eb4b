"""An editor's split reaches the public pages: the list (through the search index) and the
article page's "Also published by"; undo brings the story back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from articles.models import StoryDecision
from tests.factories import make_story
from tests.search.helpers import fresh, listing

pytestmark = pytest.mark.django_db


def also_published_by(client, article) -> str:
    """Return the article page's "Also published by" box ("" when the page has none)."""
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.find('id="copies"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


@pytest.fixture
def story():
    group, members = make_story(3)
    for n, article in enumerate(members):
        article.published_at = datetime(2019, 3, 4 + n, 12, tzinfo=UTC)
        article.save(update_fields=["published_at"])
    return group, members


def test_a_split_article_is_its_own_row_and_leaves_also_published_by(story, editor_client, client):
    group, (lead, copy, other) = story
    before = listing()
    assert (before.total, before.ids) == (1, [lead.pk])
    box = also_published_by(client, lead)
    assert copy.get_absolute_url() in box and other.get_absolute_url() in box

    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "split_into_new_story", "_selected_action": [copy.pk]},
    )
    assert response.status_code == 302
    after = fresh()
    assert after.total == 2
    assert sorted(after.ids) == sorted([lead.pk, copy.pk])
    box = also_published_by(client, lead)
    assert copy.get_absolute_url() not in box and other.get_absolute_url() in box
    assert also_published_by(client, copy) == ""

    # Undone: one story again, on the list and the article page.
    decision = StoryDecision.objects.get()
    editor_client.post(f"/admin/articles/storydecision/{decision.pk}/undo/")
    again = fresh()
    assert (again.total, again.ids) == (1, [lead.pk])
    assert copy.get_absolute_url() in also_published_by(client, lead)


def test_removing_the_lead_makes_the_next_copy_stand_for_the_story(story, editor_client):
    group, (lead, copy, other) = story
    assert listing().ids == [lead.pk]
    editor_client.post(
        "/admin/articles/article/",
        {"action": "remove_from_story", "_selected_action": [lead.pk]},
    )
    after = fresh()
    assert after.total == 2
    assert sorted(after.ids) == sorted([lead.pk, copy.pk])
