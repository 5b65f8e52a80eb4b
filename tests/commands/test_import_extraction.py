"""Extraction inside the import and in reextract, on the real gazetteer (committed reference data)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from articles.choices import OfficialStatus, Origin
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    Country,
    CountryAlias,
    Official,
)
from articles.pipeline.imports import run_import
from articles.pipeline.reextract import articles_reextract
from tests.conftest import (
    SAMPLE_CORPUS,
    load_snapshot,
    remove_imported_world,
    shared_path,
)


@pytest.fixture(scope="module")
def gazetteer_db(reference_snapshot, django_db_blocker):
    """Commit the reference data (the run's one load) for this module; clean everything after."""
    with django_db_blocker.unblock():
        load_snapshot(reference_snapshot)
        yield
        remove_imported_world()


def mentions(article):
    countries = {
        m.country.iso2: m
        for m in ArticleCountry.objects.filter(article=article, suppressed=False).select_related(
            "country"
        )
    }
    orgs = set(
        ArticleOrganisation.objects.filter(article=article).values_list(
            "organisation__slug", flat=True
        )
    )
    officials = {
        m.official.name: m
        for m in ArticleOfficial.objects.filter(article=article).select_related(
            "official", "appointment__country", "appointment__organisation"
        )
    }
    return countries, orgs, officials


@pytest.mark.django_db
def test_the_seed_gets_exactly_its_entities(gazetteer_db, tmp_path):
    seed = shared_path("seeds", "000_6137c64db4d1fcfb.txt")
    run_import([str(seed)], workers=1)
    article = Article.objects.get()
    assert article.extractor_version >= 1
    countries, orgs, officials = mentions(article)
    assert set(countries) == {"RU", "CN", "SY"}
    assert all(m.is_focus for m in countries.values())
    assert orgs == {"un", "un-security-council", "arab-league"}
    assert set(officials) == {
        "Walid Mouallem",
        "Gennady Gatilov",
        "Liu Weimin",
        "Bashar al-Assad",
        "Kofi Annan",
    }
    posts = {
        name: (m.appointment.post_kind, m.appointment.country and m.appointment.country.iso2)
        for name, m in officials.items()
    }
    assert posts["Walid Mouallem"] == ("foreign_minister", "SY")
    assert posts["Gennady Gatilov"] == ("deputy_minister", "RU")
    assert posts["Liu Weimin"] == ("spokesperson", "CN")
    assert posts["Bashar al-Assad"] == ("head_of_state", "SY")
    annan = officials["Kofi Annan"].appointment
    assert (annan.post_kind, annan.organisation.slug) == ("envoy", "un")
    evidence = countries["SY"].evidence
    assert evidence and {"text", "start", "field", "rule"} <= set(evidence[0])


@pytest.mark.django_db
def test_sample_corpus_is_tagged_and_reimport_adds_no_candidates(gazetteer_db):
    run_import([str(SAMPLE_CORPUS)], workers=2)
    tagged = Article.objects.filter(articlecountry__isnull=False).distinct().count()
    assert tagged >= 0.9 * Article.objects.count()
    candidates = Official.objects.filter(status=OfficialStatus.CANDIDATE).count()
    summary = run_import([str(SAMPLE_CORPUS)], workers=2)
    assert summary.outcomes["inserted"] == 0
    assert Official.objects.filter(status=OfficialStatus.CANDIDATE).count() == candidates
    articles_reextract(workers=1)
    assert Official.objects.filter(status=OfficialStatus.CANDIDATE).count() == candidates


@pytest.mark.django_db
def test_reextract_keeps_editor_work_and_respects_blocked_aliases(gazetteer_db):
    run_import([str(SAMPLE_CORPUS / "txt_ledger")], workers=1)
    article = Article.objects.get(title__startswith="Annan steps down as Syria envoy")
    countries, _, _ = mentions(article)
    assert {"SY", "RU", "CN"} <= set(countries)
    # An editor adds Israel by hand and removes China.
    ArticleCountry.objects.create(
        article=article, country=Country.objects.get(iso2="IL"), origin=Origin.EDITOR
    )
    ArticleCountry.objects.filter(article=article, country__iso2="CN").update(suppressed=True)
    # And blocks every alias of Russia globally.
    CountryAlias.objects.filter(country__iso2="RU").update(blocked=True)
    summary = articles_reextract(workers=1)
    assert summary.articles == Article.objects.count()
    assert summary.diff.removed["countries"] >= 1
    countries, _, _ = mentions(article)
    assert "IL" in countries and countries["IL"].origin == Origin.EDITOR
    assert "CN" not in countries
    assert ArticleCountry.objects.filter(
        article=article, country__iso2="CN", suppressed=True
    ).exists()
    assert "RU" not in countries
    assert "SY" in countries
    CountryAlias.objects.filter(country__iso2="RU").update(blocked=False)


@pytest.mark.django_db
def test_reextract_command_prints_a_summary(gazetteer_db, capsys):
    run_import([str(SAMPLE_CORPUS / "csv")], workers=1)
    call_command("reextract", "--since", "2015-01-01", "--workers", "1")
    out = capsys.readouterr().out
    assert out.startswith("Re-extracted ")
    assert "countries: +0 -0 =" in out  # nothing changed since the import
