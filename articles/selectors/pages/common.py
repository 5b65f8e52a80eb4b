"""What the page selectors share: the bounds of their windows, the SQL names, ranked rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse

from articles.search import results
from articles.selectors.browse import ArticleCriteria

RELATED_WINDOW = 200
RELATED_LIMIT = 6
RELATED_SPAN = timedelta(days=14)  # related coverage: this long before and after an article
RECENT_LIMIT = 10
TOP_LIMIT = 10
BASELINE_WEEKS = 4
RISING_LIMIT = 6
RISING_MIN_ARTICLES = 20
RISING_MIN_COUNT = 3  # articles in the 7 days for an entry to be rising (fewer is noise)

# Entity kind → (mention table, entity column, entity table).
MENTION_SQL = {
    "country": ("articles_articlecountry", "country_id", "articles_country"),
    "official": ("articles_articleofficial", "official_id", "articles_official"),
    "organisation": ("articles_articleorganisation", "organisation_id", "articles_organisation"),
    # The same under the list's parameter name (``/articles/?organization=``).
    "organization": ("articles_articleorganisation", "organisation_id", "articles_organisation"),
    "topic": ("articles_articletopic", "topic_id", "articles_topic"),
}


def index_counts(kind: str, scan: int) -> dict[int, int]:
    """Return {entity id: number of articles} for every entity of ``kind`` with any.

    The unfiltered list's facet of ``kind`` over every entity (published articles, one
    per story, a story counted when any public copy mentions it, suppressed mentions left
    out), so each number is the count of the list ``/articles/?<kind>=<key>`` a directory
    links to. One aggregation per index generation (then cached by ``results.overview``).
    Refuses to answer rather than show a wrong 0 when more than ``scan`` entities have
    articles.
    """
    found = results.overview(ArticleCriteria(), facet_kinds=(kind,), facet_limit=scan).facets[kind]
    if len(found) > scan:
        raise RuntimeError(f"More than {scan:,} entities of kind {kind} have articles")
    return dict(found)


# The kinds with a page of their own (``articles:<kind>_detail``, its key the argument).
ENTITY_PAGES = ("country", "official", "organization", "topic", "source")


@dataclass
class Ranked:
    """An entity with a count: what a "most mentioned" or "covered together" list shows."""

    kind: str
    id: int
    key: str  # the /articles/ parameter value: lower-case ISO alpha-2 or slug
    name: str
    count: int
    unconfirmed: bool = False
    rise: float = 0.0
    previous: float = 0.0

    @property
    def url(self) -> str:
        if self.kind in ENTITY_PAGES:
            return reverse(f"articles:{self.kind}_detail", args=[self.key])
        return reverse("articles:article_list") + "?" + urlencode({self.kind: self.key})
