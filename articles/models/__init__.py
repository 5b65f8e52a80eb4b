"""The data model (docs/architecture.md): articles, the gazetteer, mentions, imports.

``triggers.py`` declares what PostgreSQL keeps right by itself (search vectors, the
mentions' copies of their article's flags, the search index's queue, the site version).
"""

from .articles import Article, ArticleBand, NearDuplicateGroup, PublicDay, Source
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
from .ingest import ArticleRevision, ImportBatch, ImportRun, RecordWarning, RejectedDocument
from .mentions import ArticleCountry, ArticleOfficial, ArticleOrganisation, ArticleTopic
from .queue import TaskBatch, TaskRun
from .readers import DigestDelivery, DigestItem, Reader, SavedSearch
from .search import IndexNode, IndexQueue
from .site import DataChange, ExportSlot, RateCounter, SiteVersion
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
    "DataChange",
    "DigestDelivery",
    "DigestItem",
    "ArticleRevision",
    "ImportBatch",
    "ImportRun",
    "RecordWarning",
    "IndexNode",
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
    "PublicDay",
    "Reader",
    "SavedSearch",
    "TaskBatch",
    "TaskRun",
    "RejectedDocument",
    "Source",
    "StoryDecision",
    "StoryDecisionArticle",
    "Topic",
    "TopicApplyJob",
    "TopicRule",
]
