"""Every kind of change reaches the public pages (issue: "fresh after every change").

Each test makes one change the way the product makes it (the admin as an editor, the
import and ``reextract`` commands, the services the admin calls), then reads the public
list as a visitor: the change shows, the page says nothing is pending, and the read took
under ``FRESH_SECONDS``. Each test also reads the list before the change, so it would fail
if the index showed the change without it or missed it after. Real PostgreSQL, real
tantivy, an index folder of the test's own (``search_index`` in tests/conftest.py).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.choices import ArticleStatus, OfficialStatus, Origin
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    CountryAlias,
    OfficialMerge,
    TopicApplyJob,
)
from articles.pipeline.reextract import articles_reextract
from articles.search import indexing
from articles.services import topics as topic_service
from tests.admin.forms import change_form_data, inline_prefix
from tests.curation.conftest import article, official

from .helpers import api_facets, fresh, listing, topic_form_adding_embargo

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"


def run_action(client, url: str, action: str, objects, **extra):
    response = client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects], **extra}
    )
    assert response.status_code in (200, 302), response.status_code
    return response


# ---------------------------------------------------------------------------- hide/publish


def test_hide_and_publish_bulk_actions(editor_client, gazetteer):
    stories = [article(f"Border talks, round {n}", f"Envoys met for round {n}.") for n in range(3)]
    hidden = stories[0]
    before = listing()
    assert before.total == 3 and hidden.pk in before.ids

    run_action(editor_client, ARTICLES, "hide", [hidden])
    after = fresh()
    assert after.total == 2 and hidden.pk not in after.ids
    assert fresh("q=round+0").total == 0

    run_action(editor_client, ARTICLES, "publish", [hidden])
    again = fresh()
    assert again.total == 3 and hidden.pk in again.ids


def test_hide_and_publish_buttons_of_the_change_form(editor_client, gazetteer):
    piece = article("Water talks in Amman", "Officials met in Amman about the river.")
    article("Other news", "Nothing to do with water.")
    url = f"{ARTICLES}{piece.pk}/change/"
    assert listing("q=water+talks").ids == [piece.pk]

    data = change_form_data(editor_client.get(url))
    response = editor_client.post(url, {**data, "_hide": "1"})
    assert response.status_code == 302
    assert Article.objects.get(pk=piece.pk).status == ArticleStatus.HIDDEN
    assert fresh("q=water+talks").total == 0

    data = change_form_data(editor_client.get(url))
    editor_client.post(url, {**data, "_publish": "1"})
    assert fresh("q=water+talks").ids == [piece.pk]


def test_title_edited_in_the_change_form(editor_client, gazetteer):
    piece = article("Talks resume", "Envoys met again.")
    url = f"{ARTICLES}{piece.pk}/change/"
    assert listing("q=petra").total == 0

    data = change_form_data(editor_client.get(url))
    response = editor_client.post(url, {**data, "title": "Talks resume in Petra"})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert fresh("q=petra").ids == [piece.pk]
    assert fresh("q=resume").total == 1  # rewritten, not added twice


def test_deleting_an_article_in_the_admin(admin_client, gazetteer):
    # Editors may not delete articles (they hide them); an administrator may.
    piece = article("A piece to delete", "Its words: quarantined pelicans.")
    ArticleCountry.objects.create(article=piece, country=gazetteer["jordan"], count=1)
    assert listing("q=pelicans").ids == [piece.pk]
    assert listing().facets["country"] == {"jo": 1}

    response = admin_client.post(f"{ARTICLES}{piece.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=piece.pk).exists()
    assert fresh("q=pelicans").total == 0
    assert "jo" not in fresh().facets["country"]


# ---------------------------------------------------------------------------- mentions


def test_mention_added_and_removed_in_the_change_form_then_reverted(
    editor_client, gazetteer, editor
):
    piece = article("Syria talks resume", "Syrian diplomats met.")
    syria = ArticleCountry.objects.create(
        article=piece, country=gazetteer["syria"], count=1, origin=Origin.AUTOMATIC
    )
    before = listing()
    assert before.facets["country"] == {"sy": 1}
    assert listing("country=jo").total == 0

    url = f"{ARTICLES}{piece.pk}/change/"
    page = editor_client.get(url)
    data = change_form_data(page)
    countries = inline_prefix(page, "articlecountry")
    data[f"{countries}-0-DELETE"] = "on"  # remove Syria
    data[f"{countries}-1-country"] = gazetteer["jordan"].pk  # add Jordan
    data[f"{countries}-TOTAL_FORMS"] = 2
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    after = fresh()
    assert after.facets["country"] == {"jo": 1}
    assert fresh("country=sy").total == 0
    assert fresh("country=jo").ids == [piece.pk]
    assert [i["key"] for i in api_facets()["country"]] == ["jo"]

    # The recent-changes feed reverts the removal: Syria is back on the page.
    removal = ArticleCountry.history.filter(id=syria.pk, suppressed=True).latest("history_id")
    response = editor_client.post(
        f"{ARTICLES}revert/articlecountry/{removal.history_id}/", {"next": ARTICLES}
    )
    assert response.status_code == 302
    assert fresh().facets["country"] == {"jo": 1, "sy": 1}


def test_suppressed_ticked_in_the_change_form(editor_client, gazetteer):
    piece = article("Minister speaks", "Walid Mouallem spoke.")
    ArticleOfficial.objects.create(
        article=piece, official=gazetteer["mouallem"], raw_name="Walid Mouallem"
    )
    assert listing().facets["official"] == {gazetteer["mouallem"].slug: 1}

    url = f"{ARTICLES}{piece.pk}/change/"
    page = editor_client.get(url)
    data = change_form_data(page)
    data[f"{inline_prefix(page, 'articleofficial')}-0-suppressed"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert fresh().facets["official"] == {}
    assert fresh(f"official={gazetteer['mouallem'].slug}").total == 0


def test_bulk_add_topic_action(editor_client, gazetteer):
    chosen = [article(f"Council meets, day {n}", f"Ministers met on day {n}.") for n in range(2)]
    article("Weather", "Rain in the north.")
    assert listing("topic=sanctions").total == 0

    response = run_action(
        editor_client, ARTICLES, "add_topic", chosen, apply="1", topic=gazetteer["sanctions"].pk
    )
    assert response.status_code == 302
    shown = fresh("topic=sanctions")
    assert sorted(shown.ids) == sorted(a.pk for a in chosen)
    assert fresh().facets["topic"] == {"sanctions": 2}


# ---------------------------------------------------------------------------- aliases


@pytest.fixture
def jordan_stories(gazetteer):
    stories = {
        "talks": article("Talks in Jordan", "Jordan hosted the talks. Jordan wants peace."),
        "river": article("Jordan river", "The Jordan river is low. Jordan is worried."),
        "amman": article("Talks in Amman", "Officials met in Amman. The Syrian side left."),
    }
    articles_reextract(workers=1)  # tags them, and indexes what it wrote
    assert indexing.queue_empty()
    assert listing("country=jo").total == 3
    return stories


def test_alias_blocked_everywhere_then_reextract(editor_client, jordan_stories):
    alias = CountryAlias.objects.get(alias="Jordan")
    run_action(editor_client, "/admin/articles/countryalias/", "block_globally", [alias])
    assert CountryAlias.objects.get(pk=alias.pk).blocked
    # A global block changes stored articles only when reextract runs (the admin says so).
    assert fresh("country=jo").total == 3

    call_command("reextract", "--workers", "1", stdout=StringIO())
    assert indexing.queue_empty()  # reextract indexed its own changes
    assert fresh("country=jo").ids == [jordan_stories["amman"].pk]  # Amman: the capital


def test_alias_blocked_in_one_article(editor_client, jordan_stories):
    alias = CountryAlias.objects.get(alias="Jordan")
    river = jordan_stories["river"]
    response = editor_client.post(
        f"/admin/articles/countryalias/{alias.pk}/block-article/", {"article": river.pk}
    )
    assert response.status_code == 302
    shown = fresh("country=jo")
    assert shown.total == 2 and river.pk not in shown.ids

    editor_client.post(
        f"/admin/articles/countryalias/{alias.pk}/block-article/",
        {"article": river.pk, "unblock": "on"},
    )
    call_command("reextract", "--workers", "1", stdout=StringIO())
    assert fresh("country=jo").total == 3


# ---------------------------------------------------------------------------- officials


def test_official_merge_and_undo_in_the_admin(editor_client, gazetteer):
    first = gazetteer["mouallem"]
    second = official("Walid al-Moallem")
    for n, person in enumerate((first, second)):
        ArticleOfficial.objects.create(
            article=article(f"Talks in Damascus, day {n}", f"Ministers met on day {n}."),
            official=person,
            raw_name=person.name,
        )
    assert listing().facets["official"] == {first.slug: 1, second.slug: 1}
    assert listing(f"official={first.slug}").total == 1

    response = run_action(
        editor_client,
        "/admin/articles/official/",
        "merge_officials",
        [first, second],
        post="yes",
        survivor=first.pk,
    )
    assert response.status_code == 302
    merge = OfficialMerge.objects.get()
    merged = fresh()
    assert merged.facets["official"] == {first.slug: 2}
    assert fresh(f"official={first.slug}").total == 2
    assert {i["key"]: i["count"] for i in api_facets()["official"]} == {first.slug: 2}

    response = editor_client.post(f"/admin/articles/officialmerge/{merge.pk}/undo/")
    assert response.status_code == 302
    assert OfficialMerge.objects.get().undone_at is not None
    assert fresh().facets["official"] == {first.slug: 1, second.slug: 1}
    assert fresh(f"official={first.slug}").total == 1


def test_candidate_attached_from_the_queue(editor_client, gazetteer):
    known = gazetteer["mouallem"]
    candidate = official("W. Mouallem", status=OfficialStatus.CANDIDATE)
    for n, person in enumerate((known, candidate, candidate)):
        ArticleOfficial.objects.create(
            article=article(f"Talks in Damascus, part {n}", f"Ministers met, part {n}."),
            official=person,
            raw_name=person.name,
        )
    assert listing().facets["official"] == {candidate.slug: 2, known.slug: 1}

    response = editor_client.post(
        f"/admin/articles/official/candidates/{candidate.pk}/attach/", {"target": known.pk}
    )
    assert response.status_code == 302
    assert fresh().facets["official"] == {known.slug: 3}
    assert fresh(f"official={known.slug}").total == 3


# ---------------------------------------------------------------------------- topics

TOPIC_CORPUS = [
    ("New sanctions on Syria", "The council agreed on the measures."),
    ("Council meets", "Ministers discussed sanctions and trade."),
    ("Arms embargo imposed", "An embargo on weapons starts today."),
    ("Weather", "Rain is expected in the north."),
]


def test_topic_rule_saved_in_the_admin_then_applied(editor_client, gazetteer):
    topic = gazetteer["sanctions"]
    stories = {title: article(title, body) for title, body in TOPIC_CORPUS}
    articles_reextract(workers=1)
    embargo = stories["Arms embargo imposed"]
    assert listing("topic=sanctions").total == 2

    data = topic_form_adding_embargo(topic)
    response = editor_client.post(f"/admin/articles/topic/{topic.pk}/change/", data)
    assert response.status_code == 302
    job = TopicApplyJob.objects.get()
    assert embargo.pk not in listing("topic=sanctions").ids  # saved, not applied yet

    # The job's thread starts when the save commits (tests roll back: run it here; the
    # thread itself is tested in test_concurrency.py).
    topic_service.topic_apply_run(job=job)
    shown = fresh("topic=sanctions")
    assert shown.total == 3 and embargo.pk in shown.ids
    assert fresh().facets["topic"] == {"sanctions": 3}


# ---------------------------------------------------------------------------- commands

# Articles written for this test (own wording, invented outlet and events).
FIRST = """Quinoa accord signed in Amman

March 3, 2015 18:40

AMMAN - Jordanian and Syrian negotiators signed a quinoa trade accord on Tuesday after
three days of talks, a statement said. The accord cuts tariffs on grain shipped across
the border and sets up a joint committee that will meet every quarter.
"""
SECOND = """Harvest fair opens

June 6, 2016 09:15

Farmers from the valley brought their quinoa and barley to the yearly harvest fair,
which the organisers said drew more visitors than ever before.
"""


def write_corpus(folder: Path) -> Path:
    (folder / "valley-herald").mkdir(parents=True)
    (folder / "valley-herald" / "accord.txt").write_text(FIRST, encoding="utf-8")
    (folder / "valley-herald" / "fair.txt").write_text(SECOND, encoding="utf-8")
    return folder


def test_import_corpus_command(gazetteer, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    assert listing("q=quinoa").total == 0
    assert "jo" not in listing().facets["country"]

    out = StringIO()
    call_command("import_corpus", str(corpus), "--workers", "1", stdout=out)
    assert Article.objects.filter(body__contains="quinoa").count() == 2, out.getvalue()
    assert indexing.queue_empty()  # the import indexed what it wrote before it finished

    shown = fresh("q=quinoa")
    assert shown.total == 2
    accord = Article.objects.get(title="Quinoa accord signed in Amman")
    assert fresh("country=jo").ids == [accord.pk]
    assert fresh("q=quinoa&country=sy").ids == [accord.pk]


def test_reextract_command(gazetteer):
    stories = [
        article("Talks in Amman", "Jordanian and Syrian envoys met in Amman."),
        article("Jordan hosts summit", "Jordan hosted leaders of the region."),
        article("Weather", "Rain is expected in the north."),
    ]
    assert listing("country=jo").total == 0  # no mentions before extraction runs
    assert listing().facets["country"] == {}

    call_command("reextract", "--workers", "1", stdout=StringIO())
    assert indexing.queue_empty()
    shown = fresh("country=jo")
    assert sorted(shown.ids) == sorted(a.pk for a in stories[:2])
    assert fresh().facets["country"] == {"jo": 2, "sy": 1}
