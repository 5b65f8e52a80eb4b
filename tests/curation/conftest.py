"""Fixtures for curation tests: a small gazetteer, articles written for it, an editor."""

from __future__ import annotations

import pytest

from articles.choices import CountryAliasKind, OfficialStatus
from articles.extract.normalize import name_key
from articles.models import OfficialAlias
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryAliasFactory,
    CountryFactory,
    OfficialFactory,
)


def official(name, *, status=OfficialStatus.CONFIRMED, nationality=None, aliases=()):
    """Create an official with its name (and ``aliases``) as aliases, like the loader does."""
    person = OfficialFactory(name=name, status=status, nationality=nationality)
    for alias in (name, *aliases):
        OfficialAlias.objects.create(official=person, alias=alias, key=name_key(alias))
    return person


@pytest.fixture
def world(db):
    """Return Jordan and Syria with a few aliases, and Syria's foreign minister."""
    return make_world()


def make_world() -> dict:
    """Jordan and Syria with a few aliases, and Syria's foreign minister (in the database)."""
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
    return {"jordan": jordan, "syria": syria, "mouallem": minister}


def article(title, body, **kwargs):
    return ArticleFactory(title=title, body=body, raw_text=f"{title}\n\n{body}", **kwargs)
