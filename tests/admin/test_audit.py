"""The audit trail: the recent-changes feed (who, when, before → after) and mention reverts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.admin import audit as audit_admin
from articles.choices import ArticleStatus, Origin
from articles.models import ArticleCountry
from articles.services import audit, curation

pytestmark = pytest.mark.django_db


def feed_by_key(**kwargs):
    return {entry.key: entry for entry in audit.recent_changes(**kwargs)}


def test_feed_shows_who_what_and_before_after(world, editor):
    curation.mention_remove(mention=world["syria_mention"], user=editor)
    curation.articles_set_status(
        articles=[world["article"]], status=ArticleStatus.HIDDEN, user=editor
    )
    entries = audit.recent_changes(user_only=True)
    assert [e.model for e in entries[:2]] == ["article", "country mention"]
    hidden, removed = entries[:2]
    assert hidden.who == "editor"
    assert [(c.field, c.before, c.after) for c in hidden.changes] == [
        ("status", "published", "hidden")
    ]
    assert removed.object_label == f"country: Syria in article #{world['article'].pk}"
    assert [(c.field, c.before, c.after) for c in removed.changes] == [
        ("suppressed", "False", "True")
    ]
    assert removed.revert_url.endswith(f"/revert/articlecountry/{removed.key.split(':')[1]}/")
    assert hidden.revert_url == ""  # only mention edits are reverted from the feed


def test_feed_marks_automatic_changes_and_can_leave_them_out(world):
    everything = audit.recent_changes()
    assert any(e.who == "automatic" for e in everything)
    assert audit.recent_changes(user_only=True) == []


def test_feed_pages_backwards_in_time(world, editor):
    curation.mention_remove(mention=world["syria_mention"], user=editor)
    newest = audit.recent_changes(limit=1)[0]
    older = audit.recent_changes(limit=50, before=newest.when)
    assert newest.key not in {e.key for e in older}
    assert all(e.when < newest.when for e in older)


def test_extra_entry_sources_are_merged_by_date(world):
    when = timezone.now() + timedelta(seconds=1)

    def merges(limit, before):
        return [
            audit.ChangeEntry(
                when=when,
                who="lead",
                action="merged",
                model="official merge",
                object_label="A into B",
                revert_url="/admin/undo/1/",
                key="merge:1",
            )
        ]

    entries = audit.recent_changes(extra_sources=[merges])
    assert entries[0].key == "merge:1" and entries[0].revert_url == "/admin/undo/1/"


def test_revert_of_an_addition_removes_the_mention(world, editor):
    mention = curation.mention_add(
        article=world["article"], kind="countries", entity_id=world["france"].pk, user=editor
    )
    added = mention.history.get(history_type="+")
    audit.mention_change_revert(
        model_name="articlecountry", history_id=added.history_id, user=editor
    )
    mention.refresh_from_db()
    assert mention.suppressed is True


def test_revert_of_a_removal_restores_the_automatic_mention(world, editor):
    mention = world["syria_mention"]
    curation.mention_remove(mention=mention, user=editor)
    removal = mention.history.order_by("-history_id").first()
    audit.mention_change_revert(
        model_name="articlecountry", history_id=removal.history_id, user=editor
    )
    mention.refresh_from_db()
    assert (mention.suppressed, mention.origin) == (False, Origin.AUTOMATIC)
    assert mention.history.order_by("-history_id").first().history_user == editor


@pytest.mark.parametrize(
    ("model_name", "history_id", "message"),
    [("article", 1, "not a mention model"), ("articlecountry", 999_999, "no such change")],
)
def test_revert_refuses_what_it_cannot_revert(world, editor, model_name, history_id, message):
    with pytest.raises(ValidationError, match=message):
        audit.mention_change_revert(model_name=model_name, history_id=history_id, user=editor)


def test_feed_page_and_revert_through_the_admin(editor_client, world, editor):
    curation.mention_remove(mention=world["syria_mention"], user=editor)
    page = editor_client.get("/admin/articles/article/recent-changes/?people=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "country: Syria in article" in html and "False → True" in html
    entry = audit.recent_changes(user_only=True)[0]
    assert editor_client.get(entry.revert_url).status_code == 405
    response = editor_client.post(entry.revert_url, {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/recent-changes/"
    assert ArticleCountry.objects.get(pk=world["syria_mention"].pk).suppressed is False


def test_feed_page_shows_plugged_in_sources(editor_client, world, monkeypatch):
    entry = audit.ChangeEntry(
        when=timezone.now(),
        who="lead",
        action="merged",
        model="official merge",
        object_label="Mouallem into Muallem",
        revert_url="/admin/articles/officialmerge/1/undo/",
    )
    monkeypatch.setattr(audit_admin, "FEED_SOURCES", [lambda limit, before: [entry]])
    html = editor_client.get("/admin/articles/article/recent-changes/").content.decode()
    assert "Mouallem into Muallem" in html
    assert "/admin/articles/officialmerge/1/undo/" in html


@pytest.mark.parametrize("cursor", ["yesterday", "2026-13-45T99:00:00"])
def test_feed_page_ignores_a_bad_cursor(editor_client, world, cursor):
    response = editor_client.get(f"/admin/articles/article/recent-changes/?before={cursor}")
    assert response.status_code == 200


def test_gazetteer_rows_have_per_object_history_pages(editor_client, world, editor):
    from articles.models import CountryAlias

    alias = CountryAlias.objects.create(country=world["syria"], alias="Syrian", kind="demonym")
    alias.blocked = True
    alias._history_user = editor
    alias.save()
    official = world["official"]
    official.name = "Walid al-Moallem"
    official._history_user = editor
    official.save()
    for url in (
        f"/admin/articles/countryalias/{alias.pk}/history/",
        f"/admin/articles/official/{official.pk}/history/",
    ):
        records = list(editor_client.get(url).context["page_obj"])
        assert records[0].history_user == editor, url
    entries = feed_by_key(user_only=True)
    changes = {(c.field, c.before, c.after) for e in entries.values() for c in e.changes}
    assert ("blocked", "False", "True") in changes
    assert ("name", "Walid Mouallem", "Walid al-Moallem") in changes
