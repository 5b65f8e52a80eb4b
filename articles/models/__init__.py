"""The data model (docs/architecture.md): articles, the gazetteer, mentions, imports."""

from .articles import Article, ArticleBand, NearDuplicateGroup, Source
from .curation import OfficialMerge, TopicApplyJob
from .entities import (
    Appointment,
    Country,
    CountryAlias,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationAlias,
    Topic,
    TopicRule,
)
from .ingest import ArticleRevision, ImportRun, RecordWarning, RejectedDocument
from .mentions import ArticleCountry, ArticleOfficial, ArticleOrganisation, ArticleTopic
from .search import IndexQueue
from .site import ExportSlot, RateCounter, SiteVersion
from .stories import StoryDecision, StoryDecisionArticle

__all__ = [
    "Appointment",
    "Article",
    "ArticleBand",
    "ArticleCountry",
    "ArticleOfficial",
    "ArticleOrganisation",
    "ArticleTopic",
    "Country",
    "CountryAlias",
    "ArticleRevision",
    "ImportRun",
    "RecordWarning",
    "IndexQueue",
    "ExportSlot",
    "RateCounter",
    "SiteVersion",
    "NearDuplicateGroup",
    "Official",
    "OfficialAlias",
    "OfficialMerge",
    "Organisation",
    "OrganisationAlias",
    "RejectedDocument",
    "Source",
    "StoryDecision",
    "StoryDecisionArticle",
    "Topic",
    "TopicApplyJob",
    "TopicRule",
]
