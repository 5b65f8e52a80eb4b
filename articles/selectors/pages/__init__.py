"""Reads for the home, article, country, official, topic, outlet and organisation pages.

Built to stay fast at a few hundred thousand articles without precomputed tables:

- an entity's page (its total, timeline, what is covered together with it, its recent
  articles) is counted by the search index over every story that mentions it, exactly as
  the list filtered by the entity counts (``entities``);
- related coverage scans, for each of the article's focus countries and officials, the
  ``RELATED_WINDOW`` focus mentions closest to the article's date within ``RELATED_SPAN``
  either side of it;
- what is rising is counted over the articles of 7 whole days and the ``BASELINE_WEEKS``
  weeks before them,
  found through the published-articles date index.
"""

from .article import (
    ArticleDetail,
    Span,
    article_copies,
    article_detail,
    article_related,
    field_starts,
    highlight_html,
    mention_spans,
)
from .common import Ranked
from .entities import (
    Coverage,
    country_get,
    entity_coverage,
    entity_criteria,
    entity_recent,
    entity_recent_read,
    official_get,
    topic_get,
)
from .home import Rising, corpus_counts, country_choices, latest_articles, newest_dates, rising
from .indexes import (
    CountryHit,
    country_counts,
    country_index,
    country_search,
    country_search_redirect,
    topic_index,
)
from .officials import OFFICIAL_KINDS, OFFICIAL_SORTS, official_index
from .outlets import (
    ALL_ARTICLES,
    INDEX_SORTS,
    IndexRow,
    Share,
    SharePeriod,
    organisation_get,
    organisation_index,
    source_get,
    source_index,
    source_share,
)

__all__ = [
    "OFFICIAL_KINDS",
    "OFFICIAL_SORTS",
    "ALL_ARTICLES",
    "INDEX_SORTS",
    "IndexRow",
    "Share",
    "SharePeriod",
    "organisation_get",
    "organisation_index",
    "source_get",
    "source_index",
    "source_share",
    "country_get",
    "topic_get",
    "ArticleDetail",
    "Coverage",
    "CountryHit",
    "Ranked",
    "Rising",
    "Span",
    "article_copies",
    "article_detail",
    "article_related",
    "corpus_counts",
    "country_choices",
    "country_counts",
    "country_index",
    "country_search",
    "country_search_redirect",
    "entity_coverage",
    "entity_criteria",
    "entity_recent",
    "entity_recent_read",
    "field_starts",
    "highlight_html",
    "latest_articles",
    "mention_spans",
    "newest_dates",
    "official_get",
    "official_index",
    "rising",
    "topic_index",
]
