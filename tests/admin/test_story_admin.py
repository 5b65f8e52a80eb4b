"""Stories in the admin: remove and split actions, the story page, decisions and their undo."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User

from articles.models import NearDuplicateGroup, StoryDecision
from tests.curation.helpers import assert_consistent, where
from tests.factories import ArticleFactory, make_story

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
DECISIONS = "/admin/articles/storydecision/"
FEED = "/admin/articles/article/recent-changes/"


def act(client, action: str, articles, url: str = ARTICLES, **extra):
    return client.post(
        url, {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    )


def messages_of(client, response) -> str:
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return " ".join(str(m) for m in page.context["messages"])


def test_editor_removes_articles_from_their_stories(editor_client):
    group, (a, b, c) = make_story(3)
    response = act(editor_client, "remove_from_story", [b, ArticleFactory()])
    assert response.status_code == 302
    text = messages_of(editor_client, response)
    assert "1 article removed from their stories" in text
    assert "1 article already a story of its own" in text
    assert where(a, b, c) == [(group.pk, True), (None, True), (group.pk, False)]
    assert StoryDecision.objects.get().created_by.username == "editor"
    assert_consistent()


def test_removing_both_articles_of_a_story_dissolves_it_once(editor_client):
    group, (a, b) = make_story(2)
    act(editor_client, "remove_from_story", [a, b])
    assert where(a, b) == [(None, True), (None, True)]
    assert StoryDecision.objects.count() == 1  # the second was already on its own
    assert_consistent()


def test_editor_splits_articles_of_one_story(editor_client):
    group, (a, b, c, d) = make_story(4)
    response = act(editor_client, "split_into_new_story", [c, d])
    decision = StoryDecision.objects.get()
    assert f"split from story #{group.pk} into story #{decision.new_story}" in messages_of(
        editor_client, response
    )
    assert where(c, d) == [(decision.new_story, True), (decision.new_story, False)]
    assert_consistent()


def test_split_of_articles_from_several_stories_is_refused_clearly(editor_client):
    first, (a, b) = make_story(2)
    second, (c, d) = make_story(2)
    response = act(editor_client, "split_into_new_story", [b, d])
    text = messages_of(editor_client, response)
    assert "Not split: The chosen articles are not in one story" in text
    assert f"#{first.pk}, #{second.pk}" in text
    assert not StoryDecision.objects.exists()
    assert where(b, d) == [(first.pk, False), (second.pk, False)]


def test_story_page_lists_members_and_its_buttons_come_back_to_it(editor_client):
    group, (a, b, c) = make_story(3)
    page = f"/admin/articles/nearduplicategroup/{group.pk}/change/"
    html = editor_client.get(page).content.decode()
    for article in (a, b, c):
        assert f'name="_selected_action" value="{article.pk}"' in html
    assert 'value="split_into_new_story"' in html
    # The page's form posts the list's action with the page as the way back.
    response = act(
        editor_client,
        "split_into_new_story",
        [c],
        url=f"{ARTICLES}?duplicate_group={group.pk}",
        next=page,
    )
    assert response.status_code == 302 and response["Location"] == page
    assert where(c) == [(None, True)]
    assert "Remove selected" in editor_client.get(page).content.decode()


def test_story_admin_never_edits_lead_or_size(admin_client):
    group, (a, b) = make_story(2)
    response = admin_client.get(f"/admin/articles/nearduplicategroup/{group.pk}/change/")
    form = response.context["adminform"].form
    assert not form.fields  # lead and size are shown, not edited
    assert admin_client.get("/admin/articles/nearduplicategroup/add/").status_code == 403


def test_undo_from_the_decision_page(editor_client):
    group, (a, b, c) = make_story(3)
    act(editor_client, "remove_from_story", [a])
    decision = StoryDecision.objects.get()
    html = editor_client.get(f"{DECISIONS}{decision.pk}/change/").content.decode()
    assert f"{DECISIONS}{decision.pk}/undo/" in html
    assert "(led the story)" in html
    response = editor_client.post(f"{DECISIONS}{decision.pk}/undo/")
    assert response.status_code == 302
    assert "Undone:" in messages_of(editor_client, response)
    assert where(a, b, c) == [(group.pk, True), (group.pk, False), (group.pk, False)]
    assert_consistent()
    assert editor_client.get(f"{DECISIONS}{decision.pk}/undo/").status_code == 405


def test_decisions_show_in_the_feed_and_undo_from_it(editor_client):
    group, (a, b, c) = make_story(3)
    act(editor_client, "split_into_new_story", [b, c])
    decision = StoryDecision.objects.get()
    feed = editor_client.get(FEED)
    entry = next(e for e in feed.context["entries"] if e.model == "story decision")
    assert (entry.who, entry.action) == ("editor", "split into a new story")
    assert entry.object_label == decision.summary
    assert entry.revert_url == f"{DECISIONS}{decision.pk}/undo/"
    response = editor_client.post(entry.revert_url, {"next": FEED})
    assert response["Location"] == FEED
    assert {g for g, _ in where(a, b, c)} == {group.pk}
    entries = [e for e in editor_client.get(FEED).context["entries"] if e.model == "story decision"]
    assert [(e.action, e.revert_url) for e in entries] == [
        ("undone", ""),
        ("split into a new story (undone)", ""),
    ]


def test_undo_action_on_the_decision_list(editor_client):
    group, (a, b, c) = make_story(3)
    act(editor_client, "remove_from_story", [c])
    act(editor_client, "remove_from_story", [b])
    decisions = list(StoryDecision.objects.all())
    act(editor_client, "undo_decisions", decisions, url=DECISIONS)  # newest first
    assert StoryDecision.objects.filter(undone_at__isnull=True).count() == 0
    assert {g for g, _ in where(a, b, c)} == {group.pk}
    assert_consistent()


# ---------------------------------------------------------------------------- permissions


@pytest.fixture
def viewer_client(client):
    """A staff user who may view articles, stories and decisions, and change nothing."""
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_article", "view_nearduplicategroup", "view_storydecision"]
        )
    )
    client.force_login(user)
    return client


def test_without_change_permission_nothing_moves(viewer_client):
    group, (a, b, c) = make_story(3)
    for action in ("remove_from_story", "split_into_new_story"):
        act(viewer_client, action, [b])
    assert where(a, b, c) == [(group.pk, True), (group.pk, False), (group.pk, False)]
    assert not StoryDecision.objects.exists()
    html = viewer_client.get(f"/admin/articles/nearduplicategroup/{group.pk}/change/")
    assert html.status_code == 200
    assert "_selected_action" not in html.content.decode()  # members listed, no buttons


def test_without_change_permission_no_undo(viewer_client, editor):
    from articles.services import stories

    group, (a, b) = make_story(2)
    decision = stories.story_remove_article(article=b, user=editor)
    assert viewer_client.post(f"{DECISIONS}{decision.pk}/undo/").status_code == 403
    act(viewer_client, "undo_decisions", [decision], url=DECISIONS)
    decision.refresh_from_db()
    assert decision.undone_at is None


def test_non_staff_users_get_the_login_page(client):
    group, (a, b) = make_story(2)
    user = User.objects.create_user("reader", password="x")
    user.user_permissions.add(*Permission.objects.filter(codename="change_article"))
    client.force_login(user)
    response = act(client, "remove_from_story", [b])
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert where(b) == [(group.pk, False)]
    assert NearDuplicateGroup.objects.filter(pk=group.pk).exists()


def test_editors_may_view_and_undo_decisions_but_not_add_or_delete_them():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"view_storydecision", "change_storydecision"} <= codenames
    assert not {"add_storydecision", "delete_storydecision"} & codenames


def test_the_article_list_shows_one_story_by_its_id(editor_client):
    first, (a, b) = make_story(2)
    make_story(2)
    response = editor_client.get(f"{ARTICLES}?duplicate_group={first.pk}")
    assert response.status_code == 200
    assert {o.pk for o in response.context["cl"].result_list} == {a.pk, b.pk}
