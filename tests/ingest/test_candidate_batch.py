"""Candidate officials of a whole import batch are resolved and created with a few queries."""

import pytest

from articles.choices import OfficialStatus
from articles.extract.normalize import name_key
from articles.extract.types import CandidateProposal, Evidence, Extraction, OfficialMatch
from articles.models import ArticleOfficial, Official
from articles.services.mentions import CandidateResolver, mentions_write
from tests.factories import ArticleFactory, CountryFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def proposal(name, post="Foreign Minister", country="RU"):
    return OfficialMatch(
        raw_name=name,
        raw_title=post,
        count=1,
        first_offset=0,
        evidence=(Evidence(name, 0, "body", "titled mention"),),
        candidate=CandidateProposal(name, post, "minister", country),
    )


def test_a_batch_of_new_names_is_created_in_bulk_with_unique_slugs(django_assert_max_num_queries):
    CountryFactory(iso2="RU", name="Russia")
    OfficialFactory(name="Ivan Petrov", slug="ivan-petrov")
    OfficialFactory(name="Ivan Petrov (the elder)", slug="ivan-petrov-2")
    known = OfficialFactory(name="Olga Smirnova", slug="olga-smirnova")
    known.aliases.create(alias="Olga Smirnova", key=name_key("Olga Smirnova"))
    rejected = OfficialFactory(name="Boris Volkov", status=OfficialStatus.REJECTED)
    rejected.aliases.create(alias="Boris Volkov", key=name_key("Boris Volkov"))
    surnames = "Kowalski Almeida Brandt Castillo Dimitrov Eriksen Fontaine Grady Horvat Ibsen"
    names = [
        f"{first} {last}" for first in ("Anna", "Pedro", "Tomasz") for last in surnames.split()
    ]
    assert len({name_key(n) for n in names}) == 30
    items = [
        (
            ArticleFactory().pk,
            None,
            Extraction(
                officials=(
                    proposal(name),
                    proposal("Ivan Petrov"),  # a new person whose slug is taken twice
                    proposal("Olga Smirnova"),  # known by name key: linked, not created
                    proposal("Boris Volkov"),  # rejected by an editor: kept unlinked
                )
            ),
        )
        for name in names
    ]
    resolver = CandidateResolver()
    # One alias query, slug queries, three bulk inserts, the mention COPYs: not per name.
    with django_assert_max_num_queries(12):
        mentions_write(items=items, resolver=resolver, replace=False)
    assert resolver.created == 31
    created = Official.objects.filter(status=OfficialStatus.CANDIDATE)
    assert created.count() == 31
    assert Official.objects.get(slug="ivan-petrov-3").status == OfficialStatus.CANDIDATE
    assert len(set(Official.objects.values_list("slug", flat=True))) == Official.objects.count()
    for official in created:
        assert official.aliases.get().key == name_key(official.name)
        post = official.appointments.get()
        assert (post.post, post.proposed, post.country.iso2) == ("Foreign Minister", True, "RU")
    assert ArticleOfficial.objects.filter(official=known).count() == 30
    unlinked = ArticleOfficial.objects.filter(raw_name="Boris Volkov")
    assert unlinked.count() == 30 and not unlinked.exclude(official=None).exists()
    # The same names in a later batch resolve from the cache: no query, nothing created.
    mentions_write(items=[(ArticleFactory().pk, None, items[0][2])], resolver=resolver)
    assert resolver.created == 31
