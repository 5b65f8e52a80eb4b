"""Who may curate: Editors can do everything here; others cannot; pages stay cheap."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from articles.choices import OfficialStatus
from articles.models import ArticleOfficial, OfficialMerge, TopicApplyJob
from articles.services import officials as service
from tests.curation.conftest import official
from tests.factories import ArticleFactory, CountryAliasFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_editors_group_has_the_new_models_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    for model in ("officialmerge", "topicapplyjob"):
        assert {f"view_{model}", f"change_{model}"} <= codenames
    assert not any(c.endswith("_user") or c.endswith("_group") for c in codenames)


@pytest.fixture
def objects(world):
    candidate = official("Nasser Judeh", status=OfficialStatus.CANDIDATE)
    merge = service.official_merge(survivor=world["mouallem"], others=[official("W. Mouallem")])
    topic = TopicFactory()
    job = TopicApplyJob.objects.create(topic=topic)
    alias = CountryAliasFactory(country=world["jordan"], alias="Hashemite Kingdom")
    return {"candidate": candidate, "merge": merge, "topic": topic, "job": job, "alias": alias}


def pages(o):
    return [
        "/admin/articles/official/",
        "/admin/articles/official/candidates/",
        f"/admin/articles/official/candidates/{o['candidate'].pk}/attach/",
        f"/admin/articles/official/{o['candidate'].pk}/change/",
        "/admin/articles/officialmerge/",
        f"/admin/articles/officialmerge/{o['merge'].pk}/change/",
        "/admin/articles/country/",
        f"/admin/articles/countryalias/{o['alias'].pk}/block-article/",
        "/admin/articles/organisationalias/",
        f"/admin/articles/topic/{o['topic'].pk}/change/",
        f"/admin/articles/topicapplyjob/{o['job'].pk}/change/",
        "/admin/articles/appointment/",
    ]


def test_an_editor_sees_every_curation_page(objects, editor_client):
    for url in pages(objects):
        assert editor_client.get(url).status_code == 200, url


def test_staff_without_the_group_is_refused_and_anonymous_must_log_in(objects, client):
    for url in pages(objects):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    nobody = User.objects.create_user("staffer", password="pw", is_staff=True)
    client.force_login(nobody)
    for url in pages(objects):
        assert client.get(url).status_code == 403, url
    candidate = objects["candidate"]
    client.post(f"/admin/articles/official/candidates/{candidate.pk}/approve/")
    candidate.refresh_from_db()
    assert candidate.status == OfficialStatus.CANDIDATE
    client.post(f"/admin/articles/officialmerge/{objects['merge'].pk}/undo/")
    assert OfficialMerge.objects.get().undone_at is None


def test_an_editor_approves_and_undoes(objects, editor_client):
    candidate = objects["candidate"]
    editor_client.post(f"/admin/articles/official/candidates/{candidate.pk}/approve/")
    candidate.refresh_from_db()
    assert candidate.status == OfficialStatus.CONFIRMED
    editor_client.post(f"/admin/articles/officialmerge/{objects['merge'].pk}/undo/")
    assert OfficialMerge.objects.get().undone_at is not None


def test_decisions_need_post(objects, editor_client):
    candidate = objects["candidate"]
    response = editor_client.get(f"/admin/articles/official/candidates/{candidate.pk}/approve/")
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == OfficialStatus.CANDIDATE
    unknown = editor_client.post("/admin/articles/official/candidates/999999/approve/")
    assert unknown.status_code == 404


def test_candidate_queue_query_count_does_not_grow_with_candidates(
    world, editor_client, django_assert_max_num_queries
):
    for n in range(40):
        person = official(f"Candidate Number{n} Person", status=OfficialStatus.CANDIDATE)
        person.appointments.create(post="Envoy", country=world["jordan"], proposed=True)
        for _ in range(2):
            ArticleOfficial.objects.create(
                article=ArticleFactory(), official=person, raw_name=person.name, raw_title="Envoy"
            )
    with django_assert_max_num_queries(12):
        response = editor_client.get("/admin/articles/official/candidates/")
    assert response.content.decode().count('class="button default"') == 40


def test_attach_type_ahead_offers_only_live_confirmed_officials(objects, editor_client, world):
    official("Nasser S. Judeh")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "official",
            "field_name": "merged_into",
            "term": "Judeh",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Nasser S. Judeh"]
