"""Fixtures of the search index tests: a small gazetteer (countries, an official, a topic)."""

from __future__ import annotations

import contextlib

import pytest

from articles.choices import CountryAliasKind
from tests.curation.conftest import official
from tests.factories import (
    AppointmentFactory,
    CountryAliasFactory,
    CountryFactory,
    TopicFactory,
)


@pytest.fixture
def gazetteer(db):
    """Jordan and Syria with their aliases, Syria's foreign minister, a sanctions topic."""
    jordan = CountryFactory(iso2="JO", name="Jordan", slug="jordan")
    syria = CountryFactory(iso2="SY", name="Syria", slug="syria")
    for country, names in ((jordan, ("Jordan",)), (syria, ("Syria",))):
        for alias in names:
            CountryAliasFactory(country=country, alias=alias, kind=CountryAliasKind.NAME)
    CountryAliasFactory(country=jordan, alias="Jordanian", kind=CountryAliasKind.DEMONYM)
    CountryAliasFactory(country=syria, alias="Syrian", kind=CountryAliasKind.DEMONYM)
    CountryAliasFactory(country=jordan, alias="Amman", kind=CountryAliasKind.CAPITAL)
    minister = official("Walid Mouallem", nationality=syria)
    AppointmentFactory(
        official=minister, post="Foreign Minister", post_kind="foreign_minister", country=syria
    )
    sanctions = TopicFactory(slug="sanctions", name="Sanctions", threshold=2.0)
    sanctions.rules.create(phrase="sanctions", weight=2.0)
    return {"jordan": jordan, "syria": syria, "mouallem": minister, "sanctions": sanctions}


@pytest.fixture(autouse=True)
def forget_api_allowances():
    """Empty the shared cache after each test: the transactional tests commit the API's
    rate-limit counts, which would otherwise spend later tests' allowance."""
    from django.core.cache import caches

    yield
    with contextlib.suppress(RuntimeError):  # a test without database access: nothing to do
        caches["shared"].clear()
