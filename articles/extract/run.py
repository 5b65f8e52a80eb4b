"""Run every extractor over one article: the single entry point for import and reextract."""

from __future__ import annotations

from dataclasses import dataclass

from articles.extract.countries import CountryIndex, extract_countries
from articles.extract.officials import OfficialIndex, extract_officials
from articles.extract.organisations import OrganisationIndex, extract_organisations
from articles.extract.topics import TopicIndex, extract_topics
from articles.extract.types import EXTRACTOR_VERSION, ArticleText, Extraction, Gazetteer


@dataclass(frozen=True)
class Indexes:
    """The compiled matchers for one gazetteer snapshot (built once per run or worker)."""

    countries: CountryIndex
    organisations: OrganisationIndex
    officials: OfficialIndex
    topics: TopicIndex

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> Indexes:
        """Compile every matcher for ``gazetteer``."""
        return cls(
            countries=CountryIndex.build(gazetteer),
            organisations=OrganisationIndex.build(gazetteer),
            officials=OfficialIndex.build(gazetteer),
            topics=TopicIndex.build(gazetteer),
        )


def extract_article(article: ArticleText, indexes: Indexes) -> Extraction:
    """Return the countries, organisations, officials and topics of ``article``."""
    countries = extract_countries(article, indexes.countries)
    return Extraction(
        countries=countries,
        organisations=extract_organisations(article, indexes.organisations),
        officials=extract_officials(article, indexes.officials, countries=countries),
        topics=extract_topics(article, indexes.topics),
        version=EXTRACTOR_VERSION,
    )
