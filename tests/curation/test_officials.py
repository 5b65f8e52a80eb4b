"""Officials curation: appointment checks, approve / reject / attach, merge and undo."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.choices import OfficialStatus, Origin
from articles.models import (
    Appointment,
    ArticleOfficial,
    Official,
    OfficialAlias,
    OfficialMerge,
)
from articles.pipeline.reextract import articles_reextract
from articles.services import officials as service
from tests.curation.conftest import article, official
from tests.factories import AppointmentFactory, ArticleFactory, CountryFactory

pytestmark = pytest.mark.django_db

PEACE_TALKS = (
    "Talks in Amman",
    "Jordanian Foreign Minister Nasser Judeh met Syrian Foreign Minister Walid Mouallem "
    "in Amman on Monday. Judeh said Jordan wants peace.",
)
RIVER = ("Water in Amman", "Jordanian Foreign Minister Nasser Judeh spoke about water.")


def T(post, start, end, kind="head_of_state", country=None):
    return service.Term(
        post=post,
        post_kind=kind,
        country_id=country,
        organisation_id=None,
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
    )


# name, terms, expected errors (substrings), expected number of warnings
CHECKS = [
    ("one term", [T("President", "2000-01-01", "2005-01-01")], [], 0),
    ("end before start", [T("President", "2005-01-01", "2000-01-01")], ["before it starts"], 0),
    (
        "same post overlapping",
        [T("President", "2000-01-01", "2005-01-01"), T("President", "2004-01-01", None)],
        ["overlap"],
        0,
    ),
    (
        "same post back to back",
        [T("President", "2000-01-01", "2004-12-31"), T("President", "2005-01-01", None)],
        [],
        0,
    ),
    (
        "two posts at once",
        [
            T("President", "2000-01-01", "2005-01-01"),
            T("Foreign Minister", "2001-01-01", "2003-01-01", kind="foreign_minister"),
        ],
        [],
        0,
    ),
    (
        "open-ended terms of one post",
        [T("President", None, None), T("President", "2010-01-01", None)],
        ["overlap"],
        0,
    ),
]


@pytest.mark.parametrize(
    ("name", "terms", "errors", "warnings"), CHECKS, ids=[c[0] for c in CHECKS]
)
def test_appointments_check_table(name, terms, errors, warnings):
    report = service.appointments_check(official=None, terms=terms)
    assert len(report.errors) == len(errors)
    for expected, got in zip(errors, report.errors, strict=True):
        assert expected in got
    assert len(report.warnings) == warnings


def test_a_post_held_by_two_people_is_a_warning_not_an_error():
    country = CountryFactory(iso2="XK")
    holder = official("Anna Holder", nationality=country)
    AppointmentFactory(
        official=holder,
        post="President",
        post_kind="head_of_state",
        country=country,
        start_date=date(2000, 1, 1),
        end_date=date(2006, 1, 1),
    )
    other = official("Ben Other")
    report = service.appointments_check(
        official=other,
        terms=[T("President", "2005-01-01", None, country=country.pk)],
    )
    assert report.errors == []
    assert len(report.warnings) == 1 and "Anna Holder" in report.warnings[0]
    # After her term: no warning.
    later = service.appointments_check(
        official=other, terms=[T("President", "2006-01-02", None, country=country.pk)]
    )
    assert later.warnings == []


def test_admin_inline_refuses_overlapping_terms_and_warns_for_co_holders(editor_client):
    country = CountryFactory(iso2="XK")
    holder = official("Anna Holder")
    AppointmentFactory(
        official=holder, post="President", post_kind="head_of_state", country=country
    )
    person = official("Ben Other")
    url = f"/admin/articles/official/{person.pk}/change/"

    def post(rows):
        data = {
            "name": person.name,
            "slug": person.slug,
            "status": "confirmed",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "appointments-TOTAL_FORMS": str(len(rows)),
            "appointments-INITIAL_FORMS": "0",
        }
        for i, (start, end) in enumerate(rows):
            data |= {
                f"appointments-{i}-post": "President",
                f"appointments-{i}-post_kind": "head_of_state",
                f"appointments-{i}-country": str(country.pk),
                f"appointments-{i}-start_date": start,
                f"appointments-{i}-end_date": end,
            }
        return editor_client.post(url, data, follow=True)

    refused = post([("2001-01-01", "2004-01-01"), ("2003-01-01", "")])
    assert "overlap" in refused.content.decode()
    assert not person.appointments.exists()
    refused = post([("2004-01-01", "2001-01-01")])
    assert "before it starts" in refused.content.decode()
    saved = post([("2001-01-01", "2004-01-01")])
    assert person.appointments.count() == 1
    assert "also held by Anna Holder" in saved.content.decode()


@pytest.fixture
def candidates(world):
    """Import-like state: two articles naming an unknown titled minister."""
    articles = [article(*PEACE_TALKS), article(*RIVER)]
    articles_reextract(workers=1)
    judeh = Official.objects.get(name="Nasser Judeh")
    assert judeh.status == OfficialStatus.CANDIDATE
    return {"judeh": judeh, "articles": articles}


def test_candidate_queue_lists_evidence_most_seen_first(candidates, editor_client, world):
    minor = official("Rare Person", status=OfficialStatus.CANDIDATE)
    ArticleOfficial.objects.create(
        article=ArticleFactory(), official=minor, raw_name="Rare Person", raw_title="Envoy"
    )
    page = editor_client.get("/admin/articles/official/candidates/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Nasser Judeh") < html.index("Rare Person")
    assert "3 times in 2 articles" in html
    assert "“Foreign Minister” (2)" in html
    assert "Talks in Amman" in html and "Water in Amman" in html
    assert "Foreign Minister, Jordan" in html  # the proposed post


def test_approve_confirms_with_the_proposed_appointment(candidates, editor_client):
    judeh = candidates["judeh"]
    editor_client.post(f"/admin/articles/official/candidates/{judeh.pk}/approve/")
    judeh.refresh_from_db()
    assert judeh.status == OfficialStatus.CONFIRMED
    post = judeh.appointments.get()
    assert (post.post, post.country.iso2, post.proposed) == ("Foreign Minister", "JO", False)
    # Re-extraction now links his mentions to the confirmed post.
    articles_reextract(workers=1)
    mentions = ArticleOfficial.objects.filter(official=judeh)
    assert mentions.count() == 2 and all(m.appointment_id == post.pk for m in mentions)


def test_reject_unlinks_and_the_name_is_never_proposed_again(candidates, editor_client):
    judeh = candidates["judeh"]
    editor_client.post(f"/admin/articles/official/candidates/{judeh.pk}/reject/")
    judeh.refresh_from_db()
    assert judeh.status == OfficialStatus.REJECTED
    assert not ArticleOfficial.objects.filter(official=judeh).exists()
    assert ArticleOfficial.objects.filter(official__isnull=True, raw_name="Nasser Judeh").exists()
    # Re-extraction and a new article naming him propose nothing.
    article("More talks", "Jordanian Foreign Minister Nasser Judeh flew to Cairo.")
    articles_reextract(workers=1)
    assert not Official.objects.filter(status=OfficialStatus.CANDIDATE).exists()
    assert Official.objects.filter(name="Nasser Judeh").count() == 1
    assert editor_client.get(f"/officials/{judeh.slug}/").status_code == 404


def test_reject_is_respected_by_the_importers_resolver(candidates):
    from articles.extract.types import CandidateProposal, Evidence, OfficialMatch
    from articles.services.mentions import CandidateResolver

    service.candidate_reject(official=candidates["judeh"])
    match = OfficialMatch(
        raw_name="Nasser Judeh",
        raw_title="Foreign Minister",
        count=1,
        first_offset=0,
        evidence=(Evidence("Nasser Judeh", 0, "body", "titled mention"),),
        candidate=CandidateProposal("Nasser Judeh", "Foreign Minister", "foreign_minister", "JO"),
    )
    resolver = CandidateResolver()
    assert resolver.official_id(match) is None
    assert resolver.created == 0


def test_attach_makes_the_name_an_alias_and_moves_mentions(candidates, editor_client, world):
    judeh = candidates["judeh"]
    known = official("Nasser S. Judeh", nationality=world["jordan"])
    response = editor_client.post(
        f"/admin/articles/official/candidates/{judeh.pk}/attach/", {"target": known.pk}
    )
    assert response.status_code == 302
    judeh.refresh_from_db()
    assert judeh.merged_into_id == known.pk
    assert set(known.aliases.values_list("alias", flat=True)) == {"Nasser S. Judeh", "Nasser Judeh"}
    assert ArticleOfficial.objects.filter(official=known).count() == 2
    assert not known.appointments.exists()  # the proposed post is not the known person's
    # Re-extraction links the name to the known official and proposes no candidate.
    articles_reextract(workers=1)
    assert ArticleOfficial.objects.filter(official=known).count() == 2
    assert not Official.objects.filter(
        status=OfficialStatus.CANDIDATE, merged_into__isnull=True
    ).exists()
    # The attach is an undoable merge.
    service.official_merge_undo(merge=OfficialMerge.objects.get())
    judeh.refresh_from_db()
    assert judeh.merged_into_id is None and judeh.appointments.filter(proposed=True).exists()


def snapshot():
    """Return every row merge touches, as plain values (to compare before and after)."""
    return {
        "officials": list(
            Official.objects.order_by("id").values("id", "name", "slug", "status", "merged_into")
        ),
        "aliases": list(OfficialAlias.objects.order_by("id").values()),
        "appointments": list(Appointment.objects.order_by("id").values()),
        "mentions": list(ArticleOfficial.objects.order_by("id").values()),
    }


@pytest.fixture
def twins(world):
    """Two records of one person, both mentioned in one article, with clashing aliases."""
    syria = world["syria"]
    a = official("Bashar al-Assad", nationality=syria, aliases=("Bashar Assad",))
    b = official("Bashar Al Assad", aliases=("Bashar Assad", "B. Assad"))
    post_a = AppointmentFactory(
        official=a, post="President", post_kind="head_of_state", country=syria
    )
    post_b = AppointmentFactory(
        official=b, post="President of Syria", post_kind="head_of_state", country=syria
    )
    shared, only_b = ArticleFactory(), ArticleFactory()
    ArticleOfficial.objects.create(
        article=shared,
        official=a,
        appointment=post_a,
        raw_name="Bashar al-Assad",
        count=2,
        first_offset=30,
        evidence=[{"text": "Bashar al-Assad", "start": 30, "field": "body", "rule": "name"}],
    )
    ArticleOfficial.objects.create(
        article=shared,
        official=b,
        appointment=post_b,
        raw_name="Bashar Al Assad",
        count=3,
        first_offset=10,
        is_focus=True,
        evidence=[{"text": "Bashar Al Assad", "start": 10, "field": "title", "rule": "name"}],
    )
    ArticleOfficial.objects.create(
        article=only_b, official=b, appointment=post_b, raw_name="B. Assad", origin=Origin.EDITOR
    )
    return {"a": a, "b": b, "shared": shared, "only_b": only_b}


def test_merge_moves_everything_and_undo_restores_exactly(twins, editor):
    a, b = twins["a"], twins["b"]
    before = snapshot()
    merge = service.official_merge(survivor=a, others=[b], user=editor)
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert set(a.aliases.values_list("alias", flat=True)) == {
        "Bashar al-Assad",
        "Bashar Assad",
        "Bashar Al Assad",
        "B. Assad",
    }
    assert not b.aliases.exists() and not b.appointments.exists()
    assert a.appointments.count() == 2
    folded = ArticleOfficial.objects.get(article=twins["shared"])
    assert (folded.official_id, folded.count, folded.first_offset, folded.is_focus) == (
        a.pk,
        5,
        10,
        True,
    )
    assert [e["text"] for e in folded.evidence] == ["Bashar Al Assad", "Bashar al-Assad"]
    moved = ArticleOfficial.objects.get(article=twins["only_b"])
    assert moved.official_id == a.pk and moved.origin == Origin.EDITOR
    assert merge.created_by == editor and "Bashar Al Assad" in merge.summary

    service.official_merge_undo(merge=merge, user=editor)
    after = snapshot()
    for table in before:
        assert after[table] == before[table], table
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == editor
    with pytest.raises(ValidationError):
        service.official_merge_undo(merge=merge, user=editor)


def test_three_way_merge_folds_twice_and_undoes(twins):
    c = official("Bashar Hafez al-Assad")
    ArticleOfficial.objects.create(
        article=twins["shared"], official=c, raw_name="Bashar Hafez al-Assad", count=1
    )
    before = snapshot()
    merge = service.official_merge(survivor=twins["a"], others=[twins["b"], c])
    assert ArticleOfficial.objects.get(article=twins["shared"]).count == 6
    service.official_merge_undo(merge=merge)
    assert snapshot() == before


def test_undo_refuses_while_a_later_merge_is_live(twins):
    first = service.official_merge(survivor=twins["a"], others=[twins["b"]])
    c = official("Someone Else")
    service.official_merge(survivor=c, others=[twins["a"]])
    with pytest.raises(ValidationError):
        service.official_merge_undo(merge=first)


def test_merge_refuses_a_single_official(twins):
    with pytest.raises(ValidationError):
        service.official_merge(survivor=twins["a"], others=[twins["a"]])


def test_old_url_redirects_to_the_survivor(twins, client):
    a, b = twins["a"], twins["b"]
    service.official_merge(survivor=a, others=[b])
    response = client.get(f"/officials/{b.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/officials/{a.slug}/"
    assert client.get(f"/officials/{a.slug}/").status_code == 200


def test_merge_action_asks_for_the_survivor_then_merges(twins, editor_client):
    a, b = twins["a"], twins["b"]
    data = {"action": "merge_officials", "_selected_action": [a.pk, b.pk]}
    page = editor_client.post("/admin/articles/official/", data)
    assert page.status_code == 200
    assert 'name="survivor"' in page.content.decode()
    assert not OfficialMerge.objects.exists()
    done = editor_client.post(
        "/admin/articles/official/", data | {"post": "yes", "survivor": b.pk}, follow=True
    )
    assert "Merged" in done.content.decode()
    merge = OfficialMerge.objects.get()
    assert merge.survivor_id == b.pk and list(merge.others.all()) == [a]
    # Undo from the merge's page.
    editor_client.post(f"/admin/articles/officialmerge/{merge.pk}/undo/")
    a.refresh_from_db()
    assert a.merged_into_id is None
    assert ArticleOfficial.objects.filter(official=a).count() == 1


def test_bulk_path_for_prolific_officials_moves_and_undoes_exactly(twins, monkeypatch):
    """Above ROW_BY_ROW mentions, moves are one UPDATE; the result and the undo are the same."""
    monkeypatch.setattr(service, "ROW_BY_ROW", 0)
    for n in range(3):
        ArticleOfficial.objects.create(
            article=ArticleFactory(), official=twins["b"], raw_name=f"Assad {n}", count=n + 1
        )
    before = snapshot()
    merge = service.official_merge(survivor=twins["a"], others=[twins["b"]])
    assert ArticleOfficial.objects.filter(official=twins["b"]).count() == 0
    assert ArticleOfficial.objects.filter(official=twins["a"]).count() == 5
    service.official_merge_undo(merge=merge)
    assert snapshot() == before


def test_recent_changes_feed_lists_merges_with_an_undo_until_undone(twins, editor, editor_client):
    merge = service.official_merge(survivor=twins["a"], others=[twins["b"]], user=editor)
    undo_url = reverse("admin:articles_officialmerge_undo", args=[merge.pk])
    feed_url = reverse("admin:articles_recent_changes")
    page = editor_client.get(feed_url).content.decode()
    assert merge.summary in page
    assert undo_url in page
    editor_client.post(undo_url)
    merge.refresh_from_db()
    assert merge.undone_at is not None
    page = editor_client.get(feed_url).content.decode()
    assert "merge (undone)" in page
    assert undo_url not in page
