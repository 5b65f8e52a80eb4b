"""evaluate_extraction: stored mentions of imported articles scored against a labels file."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticleCountry, ArticleOfficial, ArticleOrganisation
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LABELS = [
    {
        "url": "https://example.org/syria-talks",
        "corpus": "test",
        "countries": ["SY", "RU"],
        "places": ["LB"],
        "officials": [
            {"name": "Walid Mouallem", "country": "SY"},
            {"name": "Staffan de Mistura", "country": None, "organization": "un"},
        ],
        "organizations": ["un", "arab-league"],
    },
    {
        "url": "https://example.org/iran-deal",
        "corpus": "test",
        "countries": ["IR", "US"],
        "places": [],
        "officials": [{"name": "John Kerry", "country": "US"}],
        "organizations": [],
    },
    {
        "url": "https://example.org/never-imported",
        "corpus": "test",
        "countries": ["FR"],
        "places": [],
        "officials": [],
        "organizations": [],
    },
]


@pytest.fixture
def labels_file(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in LABELS), encoding="utf-8")
    return path


@pytest.fixture
def stored():
    """Two imported articles with what extraction (and an editor) stored for them."""
    sy, ru, lb, us, ir, iq = (CountryFactory(iso2=c) for c in ("SY", "RU", "LB", "US", "IR", "IQ"))
    un = OrganisationFactory(slug="un")
    eu = OrganisationFactory(slug="eu")
    syria = ArticleFactory(url="https://example.org/syria-talks")
    iran = ArticleFactory(url="https://example.org/iran-deal")
    ArticleFactory(url="https://example.org/unlabelled")

    for country in (sy, lb, iq):  # RU missed; LB a place (neutral); IQ wrong
        ArticleCountry.objects.create(article=syria, country=country)
    ArticleCountry.objects.create(article=syria, country=ru, suppressed=True)  # editor removed
    for country in (ir, us):
        ArticleCountry.objects.create(article=iran, country=country)
    ArticleOrganisation.objects.create(article=syria, organisation=un)
    ArticleOrganisation.objects.create(article=syria, organisation=eu)

    mouallem = OfficialFactory(name="Walid al-Moallem")
    post = AppointmentFactory(official=mouallem, country=sy)
    ArticleOfficial.objects.create(
        article=syria, official=mouallem, appointment=post, raw_name="Moallem"
    )
    envoy = OfficialFactory(name="Staffan de Mistura")
    envoy_post = AppointmentFactory(official=envoy, country=None, organisation=un, post="Envoy")
    ArticleOfficial.objects.create(
        article=syria, official=envoy, appointment=envoy_post, raw_name="de Mistura"
    )
    ArticleOfficial.objects.create(article=iran, raw_name="John Kerry")  # unlinked: raw name
    ArticleOfficial.objects.create(article=iran, raw_name="Hassan Rouhani")
    ArticleOfficial.objects.create(article=iran, raw_name="Barack Obama", suppressed=True)


def run(*args) -> str:
    out = StringIO()
    call_command("evaluate_extraction", *args, stdout=out)
    return out.getvalue()


def test_prints_the_table_and_the_missing_urls(labels_file, stored):
    lines = run(str(labels_file)).splitlines()
    assert lines[:6] == [
        "kind           labelled predicted correct precision  recall     F1",
        # SY right, RU missed (its row is suppressed), IQ wrong, LB a labelled place.
        "countries             4         4       3     0.750   0.750  0.750",
        # al-Moallem == Mouallem; the envoy by organisation; Kerry unlinked; Rouhani extra.
        "officials             3         4       3     0.750   1.000  0.857",
        "organizations         2         2       1     0.500   0.500  0.500",
        "articles scored: 2; not found: 1",
        "countries found per article (mean recall, Reuters-style): 0.750",
    ]
    assert lines[6].startswith("1 of 3 labelled urls are not in the database: import the corpus")
    assert "python manage.py import_corpus" in lines[6]


def test_kinds_and_errors(labels_file, stored):
    out = run(str(labels_file), "--kinds", "countries", "--show-errors")
    assert "officials" not in out.split("articles scored")[0]
    assert "https://example.org/syria-talks [countries]\n  missed: RU\n  extra:  IQ" in out
    assert "iran-deal [countries]" not in out


def test_unknown_kind_and_unreadable_file(labels_file, tmp_path):
    with pytest.raises(CommandError, match="--kinds"):
        run(str(labels_file), "--kinds", "topics")
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "absent.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        run(str(bad))
