"""The list's criteria (filter values resolved to entities) and PostgreSQL's reference
filter: which articles, or which stories, match them."""

from __future__ import annotations

import operator
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from articles.choices import OfficialStatus
from articles.models import Article, ArticleCountry, ArticleOfficial
from articles.models.articles import SEARCH_CONFIG
from articles.models.mentions import MENTION_MODELS
from articles.search.query import date_bounds, raw_clauses
from articles.selectors.reading import read_connection

# The repeatable entity filters: parameter name → (mention model, its entity column).
ENTITY_KINDS = {
    param: (MENTION_MODELS[kind][0], f"{MENTION_MODELS[kind][1]}_id")
    for param, kind in (
        ("country", "countries"),
        ("official", "officials"),
        ("organization", "organisations"),
        ("topic", "topics"),
    )
}
FACET_KINDS = ("country", "official", "organization", "topic", "source")
# Focus is a property of country and official mentions (title, lede or dominant in body).
FOCUS_KINDS = ("country", "official")

NEWEST = (F("published_at").desc(nulls_last=True), F("id").desc())
OLDEST = (F("published_at").asc(nulls_last=True), F("id").asc())


@dataclass(frozen=True)
class Entity:
    """A resolved filter value: the id, the canonical parameter value and a display name."""

    id: int
    key: str
    name: str


@dataclass(frozen=True)
class ArticleCriteria:
    """What the list is filtered by, with entity values resolved to ids."""

    q: str = ""
    country: tuple[Entity, ...] = ()
    official: tuple[Entity, ...] = ()
    organization: tuple[Entity, ...] = ()
    topic: tuple[Entity, ...] = ()
    source: tuple[Entity, ...] = ()
    focus: bool = False
    match_all: bool = False
    date_from: date | None = None
    date_to: date | None = None
    undated: bool = False
    all_copies: bool = False

    def without(self, kind: str) -> ArticleCriteria:
        """Return these criteria with one filter removed (``date`` removes both bounds)."""
        if kind == "date":
            return replace(self, date_from=None, date_to=None, undated=False)
        return replace(self, **{kind: ()})

    @property
    def has_dates(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    @property
    def collapses_copies(self) -> bool:
        """Return whether the list shows one row per story.

        A source filter shows every copy: the outlet's own copy of a story is what was asked
        for, even when another outlet published it first.
        """
        return not self.all_copies and not self.source

    def search_query(self) -> SearchQuery | None:
        """Return PostgreSQL's query of the search words, or None when no word is left to
        look for (stop words alone).

        Each required group (its alternatives joined by ``or``) and each excluded word or
        phrase is a clause of its own, so ``a b or c`` means a and (b or c), as the index
        reads it: ``websearch_to_tsquery`` of the whole text would read (a and b) or c.
        """
        required, excluded = raw_clauses(self.q)
        clauses = [_websearch(words) for words in required]
        clauses += [~_websearch(words) for words in excluded]
        return reduce(operator.and_, clauses) if clauses else None


def entity_resolve(*, values: dict[str, list[str]]) -> dict[str, dict[str, Entity]]:
    """Return, per kind, each given value (lower-cased) mapped to the entity it names.

    Countries match ISO alpha-2, name or an unblocked alias; officials, organisations,
    topics and sources match their slug or name (organisations also their abbreviation).
    Merged officials resolve to the official they were merged into; rejected ones to
    nothing. One query, however many kinds are given.
    """
    wanted = {kind: [v.lower() for v in vals] for kind, vals in values.items() if vals}
    if not wanted:
        return {}
    parts, params = [], []
    if "country" in wanted:
        parts.append(
            """SELECT 'country', c.id, lower(c.iso2), c.name, m.given
               FROM articles_country c
               JOIN (SELECT lower(iso2) AS given, id FROM articles_country
                     UNION ALL SELECT lower(name), id FROM articles_country
                     UNION ALL SELECT lower(alias), country_id FROM articles_countryalias
                               WHERE NOT blocked) m ON m.id = c.id
               WHERE m.given = ANY(%s)"""
        )
        params.append(wanted["country"])
    if "official" in wanted:
        parts.append(
            """SELECT 'official', t.id, t.slug, t.name, m.given
               FROM (SELECT slug AS given, id, merged_into_id, status FROM articles_official
                     UNION ALL SELECT lower(name), id, merged_into_id, status
                               FROM articles_official) m
               JOIN articles_official t ON t.id = COALESCE(m.merged_into_id, m.id)
               WHERE m.given = ANY(%s) AND t.status <> %s"""
        )
        params += [wanted["official"], OfficialStatus.REJECTED]
    for kind, table, extra in (
        ("organization", "articles_organisation", "UNION ALL SELECT lower(abbreviation), id "),
        ("topic", "articles_topic", ""),
        ("source", "articles_source", ""),
    ):
        if kind in wanted:
            extra_sql = f"{extra}FROM {table} WHERE abbreviation <> ''" if extra else ""
            parts.append(
                f"""SELECT '{kind}', e.id, e.slug, e.name, m.given FROM {table} e
                    JOIN (SELECT lower(slug) AS given, id FROM {table}
                          UNION ALL SELECT lower(name), id FROM {table} {extra_sql}) m
                      ON m.id = e.id
                    WHERE m.given = ANY(%s)"""
            )
            params.append(wanted[kind])
    found: dict[str, dict[str, Entity]] = {kind: {} for kind in wanted}
    with read_connection().cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk, key, name, given in cursor.fetchall():
            found[kind].setdefault(given, Entity(pk, key, name))
    return found


def article_filter(
    queryset: QuerySet[Article], *, criteria: ArticleCriteria, skip: str | None = None
) -> QuerySet[Article]:
    """Return ``queryset`` narrowed by ``criteria`` (leaving out the filter named ``skip``).

    PostgreSQL's reference of what the filters mean (the index answers the pages; tests
    compare the two). On a list of stories the rows are the stories' leads (see
    ``story_filter``); otherwise the articles of ``queryset`` that match.
    """
    if skip:
        criteria = criteria.without(skip)
    if criteria.collapses_copies:
        return story_filter(queryset, criteria=criteria)
    return _article_filter(queryset, criteria)


def story_filter(members: QuerySet[Article], *, criteria: ArticleCriteria) -> QuerySet[Article]:
    """Return the leads of the stories one of whose ``members`` matches each clause.

    A story matches when, clause by clause (each required word or ``or`` group, each
    excluded word, the dates, each entity filter), one of its member articles does: what
    the index's story document (every public copy's text, tags and dates) answers.
    """
    every = replace(criteria, all_copies=True, q="")
    plain = ArticleCriteria(all_copies=True)
    parts: list[tuple[ArticleCriteria, bool]] = []
    if criteria.q:
        required, excluded = raw_clauses(criteria.q)
        if not required and not excluded:
            return members.none()
        parts += [(replace(plain, q=group), False) for group in required]
        parts += [(replace(plain, q=words), True) for words in excluded]
    if criteria.has_dates or criteria.undated:
        dates = replace(plain, date_from=every.date_from, date_to=every.date_to)
        parts.append((replace(dates, undated=every.undated), False))
    for kind in ENTITY_KINDS:
        entities = getattr(criteria, kind)
        if not entities:
            continue
        focus = criteria.focus and kind in FOCUS_KINDS
        chosen = [(e,) for e in entities] if criteria.match_all else [tuple(entities)]
        parts += [(replace(plain, **{kind: one}, focus=focus), False) for one in chosen]
    if criteria.focus and not (criteria.country or criteria.official):
        parts.append((replace(plain, focus=True), False))
    stories = Article.objects.filter(is_story_lead=True, id__in=_story_ids(members))
    for part, negated in parts:
        ids = _story_ids(_article_filter(members, part))
        stories = stories.exclude(id__in=ids) if negated else stories.filter(id__in=ids)
    return stories


def _story_ids(members: QuerySet[Article]):
    """Return the story (its lead's id) of each of ``members``, as a subquery."""
    lead = Article.objects.filter(
        duplicate_group_id=OuterRef("duplicate_group_id"), is_story_lead=True
    ).order_by("id")
    return members.annotate(story=Coalesce(Subquery(lead.values("id")[:1]), F("id"))).values(
        "story"
    )


def _websearch(words: str) -> SearchQuery:
    return SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)


def _article_filter(queryset: QuerySet[Article], criteria: ArticleCriteria) -> QuerySet[Article]:
    if criteria.q:
        query = criteria.search_query()
        if query is None:
            return queryset.none()
        queryset = queryset.filter(search_vector=query)
    start, end = date_bounds(criteria)
    if criteria.undated:
        queryset = queryset.filter(published_at__isnull=True)
    else:
        if start:
            queryset = queryset.filter(published_at__gte=start)
        if end:
            queryset = queryset.filter(published_at__lt=end)
    for kind, (model, column) in ENTITY_KINDS.items():
        entities = getattr(criteria, kind)
        if not entities:
            continue
        mentions = model.objects.filter(suppressed=False)
        if criteria.focus and kind in FOCUS_KINDS:
            mentions = mentions.filter(is_focus=True)
        # The mention's own copy of the date keeps a date-bounded filter on its index.
        if start and not criteria.undated:
            mentions = mentions.filter(published_at__gte=start)
        if end and not criteria.undated:
            mentions = mentions.filter(published_at__lt=end)
        ids = [e.id for e in entities]
        if criteria.match_all:
            for pk in ids:
                queryset = queryset.filter(
                    id__in=mentions.filter(**{column: pk}).values("article_id")
                )
        else:
            queryset = queryset.filter(
                id__in=mentions.filter(**{f"{column}__in": ids}).values("article_id")
            )
    if criteria.focus and not (criteria.country or criteria.official):
        # Focus alone: articles with at least one focus country or official.
        queryset = queryset.filter(
            Q(
                id__in=ArticleCountry.objects.filter(is_focus=True, suppressed=False).values(
                    "article_id"
                )
            )
            | Q(
                id__in=ArticleOfficial.objects.filter(
                    is_focus=True, suppressed=False, official__isnull=False
                ).values("article_id")
            )
        )
    if criteria.source:
        queryset = queryset.filter(source_id__in=[e.id for e in criteria.source])
    return queryset
