"""Roles: what the Editors group may and may not do; anonymous visitors get the login page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_editors_group_has_exactly_curation_permissions():
    perms = codenames(Group.objects.get(name="Editors"))
    apps = {app for app, _ in perms}
    assert apps == {"articles"}, "editors have no rights on users, groups, sessions or axes"
    names = {codename for _, codename in perms}
    # Curation: change articles, add/remove mentions and aliases, retry rejects.
    for needed in (
        "change_article",
        "add_articlecountry",
        "change_articlecountry",
        "change_articleofficial",
        "add_articletopic",
        "add_countryalias",
        "delete_officialalias",
        "change_official",
        "add_appointment",
        "change_topicrule",
        "change_source",
        "change_rejecteddocument",
        "view_importrun",
        "view_historicalarticle",
    ):
        assert needed in names, needed
    # Not curation: deleting articles, sources or countries; touching import records.
    for refused in (
        "delete_article",
        "add_article",
        "delete_source",
        "delete_country",
        "add_country",
        "change_importrun",
        "delete_importrun",
        "delete_rejecteddocument",
        "change_articleband",
    ):
        assert refused not in names, refused


def test_anonymous_gets_the_login_page(client):
    for url in ("/admin/", "/admin/articles/article/", "/admin/articles/article/recent-changes/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_editor_can_curate_but_not_manage_users(editor_client, world):
    article = world["article"]
    assert editor_client.get("/admin/articles/article/").status_code == 200
    assert editor_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    assert editor_client.get("/admin/articles/article/recent-changes/").status_code == 200
    for url in ("/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"):
        assert editor_client.get(url).status_code == 403, url
    # Not even listed on the admin index.
    index = editor_client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in index
    assert "/admin/articles/article/" in index


def test_editor_cannot_delete_articles_or_change_import_runs(editor_client, world):
    article = world["article"]
    assert editor_client.get(f"/admin/articles/article/{article.pk}/delete/").status_code == 403
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [article.pk]},
    )
    assert response.status_code in (200, 302)  # the action is not offered: nothing happens
    assert type(article).objects.filter(pk=article.pk).exists()
