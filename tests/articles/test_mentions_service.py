"""mentions_write: stores extractions, keeps editors' work, creates candidates once."""

import pytest

from articles.choices import OfficialStatus, Origin
from articles.extract.normalize import name_key
from articles.extract.types import (
    CandidateProposal,
    EntityMatch,
    Evidence,
    Extraction,
    OfficialMatch,
    TopicMatch,
)
from articles.models import ArticleCountry, ArticleOfficial, ArticleTopic, Official
from articles.services.mentions import CandidateResolver, mentions_write
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryFactory,
    OfficialFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def country_match(country, *, focus=False, text="Syria", start=0):
    return EntityMatch(
        entity_id=country.pk,
        count=2,
        first_offset=start,
        evidence=(
            Evidence(text, start, "body", "name"),
            Evidence(text, start + 40, "body", "name"),
        ),
        is_focus=focus,
    )


def candidate(name="Gennady Gatilov", country="RU"):
    return OfficialMatch(
        raw_name=name,
        raw_title="Deputy Foreign Minister",
        count=1,
        first_offset=10,
        evidence=(Evidence(name, 10, "body", "titled mention"),),
        candidate=CandidateProposal(name, "Deputy Foreign Minister", "deputy_minister", country),
    )


@pytest.fixture
def world():
    return {
        "sy": CountryFactory(iso2="SY", name="Syria"),
        "ru": CountryFactory(iso2="RU", name="Russia"),
        "un": OrganisationFactory(slug="un"),
        "topic": TopicFactory(slug="sanctions"),
    }


def test_write_stores_every_kind_with_evidence_and_date(world):
    article = ArticleFactory()
    official = OfficialFactory(name="Walid Mouallem")
    post = AppointmentFactory(official=official, country=world["sy"])
    extraction = Extraction(
        countries=(country_match(world["sy"], focus=True),),
        organisations=(
            EntityMatch(world["un"].pk, 1, 5, (Evidence("UN", 5, "body", "abbreviation"),)),
        ),
        officials=(
            OfficialMatch(
                raw_name="Walid Mouallem",
                raw_title="Foreign Minister",
                count=3,
                first_offset=20,
                evidence=(Evidence("Walid Mouallem", 20, "body", "full name"),),
                official_id=official.pk,
                appointment_id=post.pk,
                is_focus=True,
            ),
        ),
        topics=(
            TopicMatch(world["topic"].pk, 2.5, (Evidence("sanctions", 99, "body", "sanctions"),)),
        ),
    )
    diff = mentions_write(items=[(article.pk, article.published_at, extraction)])
    assert diff.added == {"countries": 1, "officials": 1, "organisations": 1, "topics": 1}
    mention = ArticleCountry.objects.get(article=article)
    assert (mention.country_id, mention.count, mention.is_focus) == (world["sy"].pk, 2, True)
    assert mention.surface_forms == ["Syria"]
    assert mention.evidence[1] == {"text": "Syria", "start": 40, "field": "body", "rule": "name"}
    assert mention.published_at == article.published_at
    assert mention.origin == Origin.AUTOMATIC
    person = ArticleOfficial.objects.get(article=article)
    assert (person.official_id, person.appointment_id) == (official.pk, post.pk)
    assert person.raw_title == "Foreign Minister"
    assert ArticleTopic.objects.get(article=article).score == 2.5


def test_rewrite_reports_added_removed_unchanged(world):
    article = ArticleFactory()
    first = Extraction(countries=(country_match(world["sy"]), country_match(world["ru"])))
    mentions_write(items=[(article.pk, None, first)], replace=False)
    second = Extraction(countries=(country_match(world["sy"]),))
    diff = mentions_write(items=[(article.pk, None, second)])
    assert (diff.added["countries"], diff.removed["countries"], diff.unchanged["countries"]) == (
        0,
        1,
        1,
    )
    assert list(ArticleCountry.objects.values_list("country__iso2", flat=True)) == ["SY"]


def test_editor_mentions_survive_and_removed_ones_stay_removed(world):
    article = ArticleFactory()
    # An editor added Russia by hand and removed Syria.
    ArticleCountry.objects.create(article=article, country=world["ru"], origin=Origin.EDITOR)
    ArticleCountry.objects.create(
        article=article, country=world["sy"], origin=Origin.AUTOMATIC, suppressed=True
    )
    extraction = Extraction(countries=(country_match(world["sy"]), country_match(world["ru"])))
    mentions_write(items=[(article.pk, None, extraction)])
    rows = {
        (m.country.iso2, m.origin, m.suppressed)
        for m in ArticleCountry.objects.filter(article=article).select_related("country")
    }
    assert rows == {("RU", "editor", False), ("SY", "automatic", True)}


def test_candidates_are_created_once_with_a_proposed_post(world):
    articles = [ArticleFactory(), ArticleFactory()]
    resolver = CandidateResolver()
    for article in articles:
        extraction = Extraction(officials=(candidate(), candidate()))  # twice in one article
        mentions_write(items=[(article.pk, None, extraction)], resolver=resolver, replace=False)
    # A later run (new resolver) finds the same candidate by name key, spelled differently.
    mentions_write(
        items=[(ArticleFactory().pk, None, Extraction(officials=(candidate("Gennadiy Gatilov"),)))]
    )
    official = Official.objects.get(status=OfficialStatus.CANDIDATE)
    # Called by the first spelling in alphabetical order, whichever run proposed it first.
    assert (official.name, official.slug) == ("Gennadiy Gatilov", "gennadiy-gatilov")
    assert list(official.aliases.values_list("alias", flat=True)) == ["Gennadiy Gatilov"]
    assert official.nationality.iso2 == "RU"
    post = official.appointments.get()
    assert (post.post, post.post_kind, post.proposed) == (
        "Deputy Foreign Minister",
        "deputy_minister",
        True,
    )
    assert ArticleOfficial.objects.filter(official=official).count() == 3


def test_a_rejected_name_is_never_proposed_again(world):
    rejected = OfficialFactory(name="Gennady Gatilov", status=OfficialStatus.REJECTED)
    rejected.aliases.create(alias="Gennady Gatilov", key=name_key("Gennady Gatilov"))
    article = ArticleFactory()
    mentions_write(items=[(article.pk, None, Extraction(officials=(candidate(),)))])
    assert not Official.objects.filter(status=OfficialStatus.CANDIDATE).exists()
    mention = ArticleOfficial.objects.get(article=article)
    assert (mention.official_id, mention.raw_name) == (None, "Gennady Gatilov")


def test_unlinked_name_without_proposal_is_kept_as_written(world):
    article = ArticleFactory()
    match = OfficialMatch("A. Nonymous", "envoy", 1, 0, (Evidence("A. Nonymous", 0, "body", "t"),))
    mentions_write(items=[(article.pk, None, Extraction(officials=(match, match)))])
    mention = ArticleOfficial.objects.get(article=article)
    assert (mention.official_id, mention.raw_name) == (None, "A. Nonymous")


def test_a_proposal_of_namesakes_key_goes_to_the_oldest_whatever_the_scan_order(world):
    # Two reference rows of one name ("Jaime Gama" twice): the same one in every run.
    older, newer = OfficialFactory(name="Gennady Gatilov"), OfficialFactory(name="Gennady Gatilov")
    older.aliases.create(alias="Gennady Gatilov", key=name_key("Gennady Gatilov"))
    newer.aliases.create(alias="Gennady Gatilov", key=name_key("Gennady Gatilov"))
    article = ArticleFactory()
    mentions_write(items=[(article.pk, None, Extraction(officials=(candidate(),)))])
    assert ArticleOfficial.objects.get(article=article).official == older
