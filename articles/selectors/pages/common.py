"""What the page selectors share: the bounds of their windows, the SQL names, ranked rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse

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
