"""Indexes over the committed reference files, shared by the extractor tests (built once)."""

from __future__ import annotations

from functools import lru_cache

from articles.extract.countries import CountryIndex
from articles.extract.gazetteer import gazetteer_from_files
from articles.extract.organisations import OrganisationIndex


@lru_cache(maxsize=1)
def country_index() -> CountryIndex:
    return CountryIndex.build(gazetteer_from_files())


@lru_cache(maxsize=1)
def iso_of() -> dict[int, str]:
    """Map a country's id in the files to its ISO alpha-2 code."""
    return {c.id: c.iso2 for c in gazetteer_from_files().countries}


@lru_cache(maxsize=1)
def organisation_index() -> OrganisationIndex:
    return OrganisationIndex.build(gazetteer_from_files())


@lru_cache(maxsize=1)
def slug_of() -> dict[int, str]:
    """Map an organisation's id in the files to its slug."""
    return {o.id: o.slug for o in gazetteer_from_files().organisations}
