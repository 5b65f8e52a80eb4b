"""The filtered article list: the filter query, counts, facets, timeline and result rows.

Built to stay fast at a few hundred thousand articles:

- entity filters are ``id IN (SELECT article_id FROM <mention table> …)`` answered from
  the mention tables' (entity, -published_at, article) indexes, date-bounded there too;
- the count is exact up to ``COUNT_CAP`` and then says "more than";
- facets are counted over the ``FACET_CAP`` newest matches (exact below the cap), all
  five kinds in one statement, each over the filters except its own;
- a search (``q``) is answered from its ``SEARCH_CAP`` newest matches, found by walking
  date windows newest first (the GIN index and the date index intersected per window,
  stopping at the first window that fills the cap): the count says "more than" beyond
  it, and the timeline and facets say they cover only those newest matches;
- relevance ranks the ``RANK_CAP`` newest matches only;
- pages are fetched by a deferred join: the ids of one page come from an index-only scan,
  then only those rows are read, so page 500 costs little more than page 1.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf, Trunc
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
)
from articles.models.articles import SEARCH_CONFIG

COUNT_CAP = 10_000
FACET_CAP = 1_000
RANK_CAP = 1_000
SEARCH_CAP = 1_000  # a search's newest matches that its count, timeline and facets read
# A search walks these windows back from the newest public date (days). Each window costs
# a GIN scan (as much as reading ~1,000 matching rows), so they grow fourfold: few scans
# for a rare word, little over-reading for a common one.
SEARCH_WINDOWS = (30, 120, 480, 1920)
# Below this many estimated matches a search skips the windows: one GIN scan and reading
# every match costs less than a GIN scan and a date-range bitmap per window (a quoted
# phrase, whose matches the windows would recheck one by one, is the usual case).
SELECTIVE_MATCHES = 10_000
FACET_LIMIT = 12
PER_PAGE = 25

# The repeatable entity filters: parameter name → (mention model, its entity column).
ENTITY_KINDS = {
    "country": (ArticleCountry, "country_id"),
    "official": (ArticleOfficial, "official_id"),
    "organization": (ArticleOrganisation, "organisation_id"),
    "topic": (ArticleTopic, "topic_id"),
}
FACET_KINDS = ("country", "official", "organization", "topic", "source")
# Focus is a property of country and official mentions (title, lede or dominant in body).
FOCUS_KINDS = ("country", "official")

NEWEST = (F("published_at").desc(nulls_last=True), F("id").desc())
OLDEST = (F("published_at").asc(nulls_last=True), F("id").asc())

# ts_headline's markers: control characters that never survive into the escaped snippet.
_START, _STOP = "\x02", "\x03"


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

    def search_query(self) -> SearchQuery:
        return SearchQuery(self.q, search_type="websearch", config=SEARCH_CONFIG)


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
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for kind, pk, key, name, given in cursor.fetchall():
            found[kind].setdefault(given, Entity(pk, key, name))
    return found


def article_filter(
    queryset: QuerySet[Article], *, criteria: ArticleCriteria, skip: str | None = None
) -> QuerySet[Article]:
    """Return ``queryset`` narrowed by ``criteria`` (leaving out the filter named ``skip``)."""
    if skip:
        criteria = criteria.without(skip)
    if criteria.collapses_copies:
        queryset = queryset.filter(is_story_lead=True)
    if criteria.q:
        queryset = queryset.filter(search_vector=criteria.search_query())
    start, end = _bounds(criteria)
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


def _bounds(criteria: ArticleCriteria) -> tuple[datetime | None, datetime | None]:
    """Return the inclusive date range as [start, end) aware datetimes in UTC."""
    tz = timezone.get_default_timezone()
    start = (
        datetime.combine(criteria.date_from, time.min, tzinfo=tz) if criteria.date_from else None
    )
    end = (
        datetime.combine(criteria.date_to + timedelta(days=1), time.min, tzinfo=tz)
        if criteria.date_to and criteria.date_to < date.max
        else None
    )
    return start, end


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


@lru_cache(maxsize=1024)
def _search_estimate(text: str) -> float:
    """Return the planner's estimate of the articles a search text matches, memoised.

    Only the choice between date windows and one pass depends on it, and both give the
    same rows, so an estimate from older statistics costs time at worst, never results.
    """
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return _estimated_rows(Article.objects.filter(search_vector=query))


def _estimated_rows(queryset: QuerySet) -> float:
    """Return the planner's estimate of the rows ``queryset`` matches (no rows are read)."""
    sql, params = _sql(queryset.values("id"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def _by_day(criteria: ArticleCriteria) -> tuple[str, list] | None:
    """Return the WHERE clause over ``articles_publicday`` for a list filtered by dates only.

    The unfiltered list (and one bounded by dates, or undated only) is counted and
    charted from the per-day counts of public story leads that triggers keep (migration
    0008): exact, and a few thousand rows instead of every article. None otherwise.
    """
    if (
        criteria.q
        or criteria.focus
        or not criteria.collapses_copies
        or any(getattr(criteria, kind) for kind in ENTITY_KINDS)
    ):
        return None
    if criteria.undated:
        return "day = '-infinity'", []
    if not criteria.has_dates:
        return "true", []  # undated articles are listed too
    where, params = ["day > '-infinity'"], []
    if criteria.date_from:
        where.append("day >= %s")
        params.append(criteria.date_from)
    if criteria.date_to:
        where.append("day <= %s")
        params.append(criteria.date_to)
    return " AND ".join(where), params


def _single_entity(criteria: ArticleCriteria) -> tuple[str, str, int] | None:
    """Return (mention table, column, id) when the filter is one entity (and dates) only.

    Such a list (a country's, an official's, a topic's coverage) is counted and charted
    from the mention table's ``public_lead`` index alone (migration 0008): exactly, fast,
    and the same figures as the entity's own page.
    """
    if criteria.q or criteria.source or criteria.focus or not criteria.collapses_copies:
        return None
    chosen = [(kind, e) for kind in ENTITY_KINDS for e in getattr(criteria, kind)]
    if len(chosen) != 1:
        return None
    kind, entity = chosen[0]
    table, column, _, _ = _FACET_SQL[kind]
    return table, column, entity.id


def _date_conditions(criteria: ArticleCriteria) -> tuple[list[str], list]:
    """Return the SQL conditions (and params) on ``published_at`` for the date filters."""
    if criteria.undated:
        return ["published_at IS NULL"], []
    start, end = _bounds(criteria)
    conditions, params = [], []
    if start:
        conditions.append("published_at >= %s")
        params.append(start)
    if end:
        conditions.append("published_at < %s")
        params.append(end)
    return conditions, params


def _single_entity_where(criteria: ArticleCriteria, column: str) -> tuple[str, list]:
    dates, params = _date_conditions(criteria)
    where = [f"{column} = %s", "NOT suppressed", "public_lead", *dates]
    return " AND ".join(where), params


def _mention_sql(criteria: ArticleCriteria) -> tuple[str, list] | None:
    """Return SQL for the matches' (id, published_at) from the mention tables alone, or None.

    For entity filters (with dates and focus) over one row per story, the mention rows
    carry all that is needed: the entity, the date, focus and ``public_lead`` (the article
    is published and its story's lead). Each entity's rows are an index-only scan of its
    ``*_lead_idx``; several are intersected (hash semi-joins) without reading articles.
    """
    if criteria.q or criteria.source or not criteria.collapses_copies:
        return None
    if criteria.focus and not (criteria.country or criteria.official):
        return None
    dates, date_params = _date_conditions(criteria)
    atoms: list[tuple[str, list]] = []
    for kind, (model, column) in ENTITY_KINDS.items():
        entities = getattr(criteria, kind)
        if not entities:
            continue
        conds = [f"{column} = ANY(%s)", "NOT suppressed", "public_lead", *dates]
        if criteria.focus and kind in FOCUS_KINDS:
            conds.append("is_focus")
        table = model._meta.db_table
        groups = [[e.id] for e in entities] if criteria.match_all else [[e.id for e in entities]]
        for ids in groups:
            distinct = "DISTINCT " if len(ids) > 1 else ""
            atoms.append(
                (
                    f"SELECT {distinct}article_id, published_at FROM {table} "
                    f"WHERE {' AND '.join(conds)}",
                    [ids, *date_params],
                )
            )
    if not atoms:
        return None
    (driver, params), rest = atoms[0], atoms[1:]
    sql = f"SELECT d.article_id AS id, d.published_at FROM ({driver}) d"
    params = list(params)
    if rest:
        sql += " WHERE " + " AND ".join(
            f"d.article_id IN (SELECT article_id FROM ({atom}) a{i})"
            for i, (atom, _) in enumerate(rest)
        )
        for _, p in rest:
            params += p
    return sql, params


_MENTION_NEWEST = "ORDER BY published_at DESC NULLS LAST, id DESC"
_MENTION_OLDEST = "ORDER BY published_at ASC NULLS LAST, id ASC"


@dataclass
class Candidates:
    """A search's newest matches, newest first (undated last): (id, published_at, source_id).

    ``capped`` says there are more matches than ``cap``; the rows are then exactly the
    ``cap`` newest (the same as the exact query's first ``cap`` rows).
    """

    rows: list[tuple[int, datetime | None, int]]
    cap: int

    @property
    def capped(self) -> bool:
        return len(self.rows) > self.cap

    @property
    def kept(self) -> list[tuple[int, datetime | None, int]]:
        return self.rows[: self.cap]


def _windows_sql(
    queryset: QuerySet[Article], criteria: ArticleCriteria, *, limit: int, oldest: bool = False
) -> tuple[str, list]:
    """Return SQL for the first ``limit`` matches in date order, found window by window.

    Each window is the filter plus a date range, fenced (``OFFSET 0``) so PostgreSQL
    intersects the GIN index with the date index and reads only that window's matches,
    then sorts them. The windows are ``UNION ALL``-ed in date order under the ``LIMIT``:
    PostgreSQL runs them one after the other and stops at the window that fills it, so a
    common word reads a month or two of matches and a rare one every window (each cheap).
    The windows are measured from the newest (or oldest) public date within the filter's
    bounds, and together cover every date, then the undated matches.
    """
    start, end = _bounds(criteria)
    base = article_filter(queryset, criteria=criteria).order_by()
    columns = ("id", "published_at", "source_id")
    selective = criteria.q and _search_estimate(criteria.q) <= SELECTIVE_MATCHES
    windows = () if selective else SEARCH_WINDOWS
    # Any anchor keeps the windows a partition of time (the first and last are open); a
    # corpus with no public date in range (every copy shown, say) falls back to a bound.
    if oldest:
        edge_sql = "COALESCE((SELECT min(published_at) FROM articles_article WHERE status = %s "
        edge_sql += "AND is_story_lead AND published_at >= %s), %s)"
        low = start or datetime(1, 1, 1, tzinfo=UTC)
        edge_params = [ArticleStatus.PUBLISHED, low, start or timezone.now()]
    else:
        edge_sql = "COALESCE((SELECT max(published_at) FROM articles_article WHERE status = %s "
        edge_sql += "AND is_story_lead AND published_at < %s), %s)"
        high = end or datetime(9999, 1, 1, tzinfo=UTC)
        edge_params = [ArticleStatus.PUBLISHED, high, end or timezone.now()]
    anchor = RawSQL(edge_sql, edge_params, output_field=DateTimeField())
    edges = [
        ExpressionWrapper(
            anchor + Value(timedelta(days=d)) if oldest else anchor - Value(timedelta(days=d)),
            output_field=DateTimeField(),
        )
        for d in windows
    ]
    ranges = list(zip([None, *edges], [*edges, None], strict=True))
    order = "published_at ASC, id ASC" if oldest else "published_at DESC, id DESC"
    parts, params = [], []
    for near, far in ranges:
        window = base
        if oldest:
            window = window.filter(published_at__isnull=False)
            if near is not None:
                window = window.filter(published_at__gte=near)
            if far is not None:
                window = window.filter(published_at__lt=far)
        else:
            window = window.filter(published_at__isnull=False)
            if near is not None:
                window = window.filter(published_at__lt=near)
            if far is not None:
                window = window.filter(published_at__gte=far)
        sql, p = _sql(window.values(*columns))
        parts.append(f"(SELECT * FROM ({sql} OFFSET 0) w ORDER BY {order})")
        params += p
    sql, p = _sql(base.filter(published_at__isnull=True).values(*columns))
    id_order = "id ASC" if oldest else "id DESC"
    parts.append(f"(SELECT * FROM ({sql} OFFSET 0) w ORDER BY {id_order})")
    params += p
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}) u LIMIT %s", [*params, limit]


def article_candidates(
    *, queryset: QuerySet[Article], criteria: ArticleCriteria, cap: int | None = None
) -> Candidates:
    """Return the ``cap`` newest matches (and one more, to tell "more than"), one query."""
    cap = SEARCH_CAP if cap is None else cap
    if criteria.q:
        sql, params = _windows_sql(queryset, criteria, limit=cap + 1)
    else:
        sql, params = _sql(
            article_filter(queryset, criteria=criteria)
            .order_by(*NEWEST)
            .values_list("id", "published_at", "source_id")[: cap + 1]
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return Candidates(rows=rows, cap=cap)


@dataclass
class CountResult:
    """How many articles match (exact up to the cap) and how many undated ones would."""

    total: int
    capped: bool
    undated: int
    undated_capped: bool


def article_count(
    *,
    queryset: QuerySet[Article],
    criteria: ArticleCriteria,
    candidates: Candidates | None = None,
) -> CountResult:
    """Return the capped count of matches and of undated matches, in one query.

    With a search's ``candidates`` the count is theirs (capped at ``SEARCH_CAP``), and
    only the undated matches are counted here, when the candidates cannot tell.
    """
    undated_criteria = criteria.without("date")
    if candidates is not None:
        total, cap = len(candidates.rows), candidates.cap
        if not candidates.capped and not criteria.has_dates and not criteria.undated:
            undated_n = sum(1 for _, at, _ in candidates.rows if at is None)
            return CountResult(min(total, cap), False, undated_n, False)
        sql, params = _sql(
            article_filter(queryset, criteria=undated_criteria)
            .filter(published_at__isnull=True)
            .order_by()
            .values("id")
        )
        with connection.cursor() as cursor:
            # Fenced: the GIN index intersected with the undated rows, never a table walk.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM ({sql} OFFSET 0) u LIMIT %s) c",
                [*params, COUNT_CAP + 1],
            )
            undated_n = cursor.fetchone()[0]
        return CountResult(
            total=min(total, cap),
            capped=total > cap,
            undated=min(undated_n, COUNT_CAP),
            undated_capped=undated_n > COUNT_CAP,
        )
    days = _by_day(criteria)
    if days is not None:
        where, params = days
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT coalesce(sum(n), 0) FROM articles_publicday WHERE {where}), "
                "(SELECT coalesce(sum(n), 0) FROM articles_publicday WHERE day = '-infinity')",
                params,
            )
            total, undated_n = cursor.fetchone()
        return CountResult(int(total), False, int(undated_n), False)
    single = _single_entity(criteria)
    if single:
        table, column, pk = single
        where, params = _single_entity_where(criteria, column)
        undated_where, undated_params = _single_entity_where(undated_criteria, column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {table} WHERE {where}), "
                f"(SELECT count(*) FROM {table} WHERE {undated_where} AND published_at IS NULL)",
                [pk, *params, pk, *undated_params],
            )
            total, undated_n = cursor.fetchone()
        return CountResult(total, False, undated_n, False)
    mentions = _mention_sql(criteria)
    undated_mentions = _mention_sql(replace(undated_criteria, undated=True))
    if mentions and undated_mentions:
        (sql1, p1), (sql2, p2) = mentions, undated_mentions
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM ({sql1} LIMIT %s) a), "
                f"(SELECT count(*) FROM ({sql2} LIMIT %s) b)",
                [*p1, COUNT_CAP + 1, *p2, COUNT_CAP + 1],
            )
            total, undated_n = cursor.fetchone()
        return CountResult(
            total=min(total, COUNT_CAP),
            capped=total > COUNT_CAP,
            undated=min(undated_n, COUNT_CAP),
            undated_capped=undated_n > COUNT_CAP,
        )
    matches = article_filter(queryset, criteria=criteria).order_by().values("id")[: COUNT_CAP + 1]
    undated = (
        article_filter(queryset, criteria=undated_criteria)
        .filter(published_at__isnull=True)
        .order_by()
        .values("id")[: COUNT_CAP + 1]
    )
    sql1, p1 = _sql(matches)
    sql2, p2 = _sql(undated)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM ({sql1}) a), (SELECT count(*) FROM ({sql2}) b)",
            p1 + p2,
        )
        total, undated_n = cursor.fetchone()
    return CountResult(
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        undated=min(undated_n, COUNT_CAP),
        undated_capped=undated_n > COUNT_CAP,
    )


@dataclass
class Page:
    """One page of result rows."""

    number: int
    rows: list[Article]
    has_next: bool
    per_page: int = PER_PAGE
    ranked_only: int | None = None  # relevance: how many candidates were ranked

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def article_page(
    *,
    queryset: QuerySet[Article],
    criteria: ArticleCriteria,
    sort: str,
    number: int,
    per_page: int = PER_PAGE,
    candidates: Candidates | None = None,
) -> Page:
    """Return page ``number`` of the matches in ``sort`` order, rows ready to display.

    For a search, pass the request's ``candidates`` (``article_candidates``) so the page
    does not look for them again.
    """
    offset = (number - 1) * per_page
    matches = article_filter(queryset, criteria=criteria)
    rows = queryset.defer("body", "raw_text", "minhash", "search_vector", "duplicate_keys")
    ranked_only = None
    if sort == "relevance" and criteria.q:
        if candidates is None:
            candidates = article_candidates(queryset=queryset, criteria=criteria)
        ranked = [row[0] for row in candidates.kept[:RANK_CAP]]
        rows = (
            rows.filter(id__in=ranked)
            .annotate(rank=SearchRank(F("search_vector"), criteria.search_query()))
            .order_by("-rank", *NEWEST)[offset : offset + per_page + 1]
        )
        ranked_only = min(RANK_CAP, candidates.cap)
    elif criteria.q:
        # A search's page comes from its date windows: the shared candidates when the
        # page is among them, else a windowed query reaching just far enough.
        want = offset + per_page + 1
        oldest = sort == "oldest"
        if oldest or candidates is None or (candidates.capped and want > len(candidates.rows)):
            sql, params = _windows_sql(queryset, criteria, limit=want, oldest=oldest)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchall()
        else:
            found = candidates.rows
        ids = [row[0] for row in found[offset:want]]
        order = OLDEST if oldest else NEWEST
        rows = rows.filter(id__in=ids).order_by(*order)
    elif (mentions := _mention_sql(criteria)) is not None:
        sql, params = mentions
        order_sql = _MENTION_OLDEST if sort == "oldest" else _MENTION_NEWEST
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM ({sql}) m {order_sql} LIMIT %s OFFSET %s",
                [*params, per_page + 1, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        order = OLDEST if sort == "oldest" else NEWEST
        rows = rows.filter(id__in=ids).order_by(*order)
    else:
        order = OLDEST if sort == "oldest" else NEWEST
        # Deferred join: the page's ids from an index-only scan, then just those rows.
        ids = matches.order_by(*order).values("id")[offset : offset + per_page + 1]
        rows = rows.filter(id__in=ids).order_by(*order)
    rows = rows.annotate(
        also_in=Coalesce(
            Subquery(
                Article.objects.filter(
                    duplicate_group_id=OuterRef("duplicate_group_id"),
                    status=ArticleStatus.PUBLISHED,
                )
                .exclude(source_id=OuterRef("source_id"))
                .order_by()
                .values("duplicate_group_id")
                .annotate(n=Count("source_id", distinct=True))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    ).prefetch_related(
        Prefetch(
            "articlecountry_set",
            queryset=ArticleCountry.objects.filter(suppressed=False, is_focus=True)
            .select_related("country")
            .only("article_id", "country__iso2", "country__name", "country__slug")
            .order_by("-count", "country__name"),
            to_attr="focus_countries",
        ),
        Prefetch(
            "articleofficial_set",
            queryset=ArticleOfficial.objects.filter(
                suppressed=False, is_focus=True, official__isnull=False
            )
            .exclude(official__status=OfficialStatus.REJECTED)
            .select_related("official")
            .only("article_id", "official__name", "official__slug", "official__status")
            .order_by("-count", "official__name"),
            to_attr="focus_officials",
        ),
    )
    if criteria.q:
        rows = rows.annotate(
            headline=SearchHeadline(
                Coalesce(NullIf(F("body"), Value("")), F("lede")),
                criteria.search_query(),
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    rows = list(rows)
    for row in rows:
        row.snippet = snippet_html(getattr(row, "headline", None) or "")
    has_next = len(rows) > per_page
    return Page(number=number, rows=rows[:per_page], has_next=has_next, ranked_only=ranked_only)


_MARKED = re.compile(re.escape(escape(_START)) + "(.*?)" + re.escape(escape(_STOP)), re.S)


def snippet_html(headline: str) -> SafeString:
    """Return ``headline`` escaped, with ts_headline's markers turned into ``<mark>``.

    Escaping comes first: the article's own text can never add markup; stray markers
    (a body containing the control characters) are dropped.
    """
    escaped = escape(headline)
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


@dataclass
class FacetItem:
    kind: str
    key: str
    name: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    """Counts per kind, each over the filters except its own, and whether they were capped."""

    items: dict[str, list[FacetItem]] = field(default_factory=dict)
    capped: bool = False
    cap: int = FACET_CAP  # when capped: how many of the newest matches were counted


# Facet kind → (mention table, entity column, entity table, the entity's parameter value).
_FACET_SQL = {
    "country": ("articles_articlecountry", "country_id", "articles_country", "lower(e.iso2)"),
    "official": ("articles_articleofficial", "official_id", "articles_official", "e.slug"),
    "organization": (
        "articles_articleorganisation",
        "organisation_id",
        "articles_organisation",
        "e.slug",
    ),
    "topic": ("articles_articletopic", "topic_id", "articles_topic", "e.slug"),
}


def article_facets(
    *,
    queryset: QuerySet[Article],
    criteria: ArticleCriteria,
    limit: int = FACET_LIMIT,
    candidates: Candidates | None = None,
) -> Facets:
    """Return facet counts for countries, officials, organisations, topics and sources.

    Each kind is counted over the articles matching every filter except its own (so
    picking Syria still shows how many articles the other countries would add), over the
    ``FACET_CAP`` newest such articles. All kinds come from one statement. A search's
    sets come from its date windows; ``candidates`` (the newest matches of ``criteria``)
    serve the kinds not filtered on without being looked for again.
    """
    sets: dict[ArticleCriteria, str] = {}
    ctes, params = [], []
    capped_by_candidates = False
    kind_set: dict[str, str] = {}
    for kind in FACET_KINDS:
        own = criteria.without(kind) if getattr(criteria, kind) else criteria
        if own not in sets:
            name = f"s{len(sets)}"
            sets[own] = name
            if own == criteria and candidates is not None:
                kept = candidates.kept[:FACET_CAP]
                capped_by_candidates = candidates.capped or len(candidates.kept) > FACET_CAP
                sql = "SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS source_id"
                p = [[r[0] for r in kept], [r[2] for r in kept]]
            elif own.q:
                sql, p = _windows_sql(queryset, own, limit=FACET_CAP)
            elif (mentions := _mention_sql(own)) is not None:
                msql, p = mentions
                sql = (
                    f"SELECT x.id, a.source_id FROM ({msql} {_MENTION_NEWEST} LIMIT {FACET_CAP})"
                    " x JOIN articles_article a ON a.id = x.id"
                )
            else:
                sql, p = _sql(
                    article_filter(queryset, criteria=own)
                    .order_by(*NEWEST)
                    .values("id", "source_id")[:FACET_CAP]
                )
            ctes.append(f"{name} AS MATERIALIZED ({sql})")
            params += p
        kind_set[kind] = sets[own]
    selects, select_params = [], []
    for kind in FACET_KINDS:
        s = kind_set[kind]
        if kind == "source":
            selects.append(
                f"""SELECT 'source', e.slug, e.name, x.n FROM
                    (SELECT source_id AS eid, count(*) AS n FROM {s} GROUP BY source_id) x
                    JOIN articles_source e ON e.id = x.eid"""
            )
            continue
        table, column, entity_table, key = _FACET_SQL[kind]
        focus = " AND m.is_focus" if criteria.focus and kind in FOCUS_KINDS else ""
        # Rejected officials are not people: never offered as a facet.
        rejected = f" WHERE e.status <> '{OfficialStatus.REJECTED}'" if kind == "official" else ""
        # Only the top ``limit`` (ties included, a few spare for rejected officials) and the
        # selected entities are joined to their names: a long tail never leaves the database.
        selects.append(
            f"""SELECT '{kind}', {key}, e.name, x.n FROM
                (SELECT eid, n FROM
                    (SELECT m.{column} AS eid, count(*) AS n,
                            rank() OVER (ORDER BY count(*) DESC) AS r
                     FROM {table} m
                     WHERE m.article_id IN (SELECT id FROM {s}) AND NOT m.suppressed{focus}
                       AND m.{column} IS NOT NULL
                     GROUP BY m.{column}) y
                 WHERE r <= %s OR eid = ANY(%s)) x
                JOIN {entity_table} e ON e.id = x.eid{rejected}"""
        )
        select_params += [limit + 5, [e.id for e in getattr(criteria, kind)]]
    for name in sets.values():
        selects.append(f"SELECT 'size', '{name}', '', count(*) FROM {name}")
    sql = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(f"({s})" for s in selects)
    counted: dict[str, list[FacetItem]] = {kind: [] for kind in FACET_KINDS}
    capped = False
    with connection.cursor() as cursor:
        cursor.execute(sql, params + select_params)
        for kind, key, name, n in cursor.fetchall():
            if kind == "size":
                capped = capped or n >= FACET_CAP
            else:
                counted[kind].append(FacetItem(kind, key, name, n))
    cap = min(FACET_CAP, candidates.cap) if candidates is not None else FACET_CAP
    facets = Facets(capped=capped or capped_by_candidates, cap=cap)
    for kind in FACET_KINDS:
        chosen = {e.key: e for e in getattr(criteria, kind)}
        items = sorted(counted[kind], key=lambda i: (-i.count, i.name))
        top = items[:limit]
        for item in items:
            if item.key in chosen:
                item.selected = True
                if item not in top:
                    top.append(item)
        shown = {i.key for i in top}
        top += [
            FacetItem(kind, e.key, e.name, 0, True) for e in chosen.values() if e.key not in shown
        ]
        facets.items[kind] = top
    return facets


@dataclass
class Timeline:
    """Matches per period: (period start, count), gaps filled with zero.

    ``newest_only`` is set (to the cap) when the series covers only a search's newest
    matches, not all of them.
    """

    granularity: str
    series: list[tuple[date, int]]
    newest_only: int | None = None


def article_timeline(
    *,
    queryset: QuerySet[Article],
    criteria: ArticleCriteria,
    candidates: Candidates | None = None,
) -> Timeline:
    """Return dated matches per week (ranges up to half a year) or per month.

    With a search's ``candidates`` the series is theirs: every match when they are not
    capped, else the newest ``SEARCH_CAP`` (and ``newest_only`` says so).
    """
    granularity = "month"
    if (
        criteria.date_from
        and criteria.date_to
        and (criteria.date_to - criteria.date_from).days <= 183
    ):
        granularity = "week"
    if criteria.undated:
        return Timeline(granularity, [])
    if candidates is not None:
        found: dict[date, int] = {}
        for _, at, _ in candidates.kept:
            if at is not None:
                period = _period(at, granularity)
                found[period] = found.get(period, 0) + 1
        newest_only = candidates.cap if candidates.capped else None
        return Timeline(granularity, _fill(found, granularity), newest_only)
    days = _by_day(criteria)
    if days is not None:
        where, params = days
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT date_trunc(%s, day::timestamp), sum(n) FROM articles_publicday "
                f"WHERE {where} AND day > '-infinity' GROUP BY 1 HAVING sum(n) > 0",
                [granularity, *params],
            )
            found = {period.date(): int(n) for period, n in cursor.fetchall()}
        return Timeline(granularity, _fill(found, granularity))
    single = _single_entity(criteria)
    if single:
        table, column, pk = single
        where, params = _single_entity_where(criteria, column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT date_trunc(%s, published_at AT TIME ZONE %s), count(*) FROM {table} "
                f"WHERE {where} AND published_at IS NOT NULL GROUP BY 1",
                [granularity, _tz_name(), pk, *params],
            )
            found = {period.date(): n for period, n in cursor.fetchall()}
        return Timeline(granularity, _fill(found, granularity))
    mentions = _mention_sql(criteria)
    if mentions is not None:
        sql, params = mentions
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT date_trunc(%s, published_at AT TIME ZONE %s), count(*) FROM ({sql}) m "
                "WHERE published_at IS NOT NULL GROUP BY 1",
                [granularity, _tz_name(), *params],
            )
            found = {period.date(): n for period, n in cursor.fetchall()}
        return Timeline(granularity, _fill(found, granularity))
    return Timeline(granularity, _fill(period_counts(queryset, criteria, granularity), granularity))


def period_counts(queryset, criteria, interval: str) -> dict[date, int]:
    """Return {first day of the period: articles} of the dated articles ``criteria`` select."""
    counts = (
        article_filter(queryset, criteria=criteria)
        .filter(published_at__isnull=False)
        .order_by()
        .annotate(period=Trunc("published_at", interval))
        .values("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    return {period.date(): n for period, n in counts}


def _tz_name() -> str:
    return timezone.get_current_timezone_name()


def _period(at: datetime, granularity: str) -> date:
    """Return the start of ``at``'s week (Monday) or month, as PostgreSQL's date_trunc."""
    day = timezone.localtime(at).date()
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _fill(found: dict[date, int], granularity: str) -> list[tuple[date, int]]:
    """Return the periods from the first to the last found one, missing ones as zero."""
    if not found:
        return []
    first, last = min(found), max(found)
    series, day = [], first
    while day <= last and len(series) < 2000:
        series.append((day, found.get(day, 0)))
        if granularity == "week":
            day += timedelta(days=7)
        else:
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return series


def filter_options(*, sources_limit: int = 300) -> dict[str, list[tuple[str, str]]]:
    """Return (parameter value, name) choices for the filter form's pickers, one query.

    Countries feed a ``<datalist>`` (type-ahead without JavaScript); organisations, topics
    and sources are small enough for ``<select>`` lists.
    """
    sql = """
        (SELECT 'country', lower(iso2), name FROM articles_country ORDER BY name)
        UNION ALL (SELECT 'organization', slug, name FROM articles_organisation ORDER BY name)
        UNION ALL (SELECT 'topic', slug, name FROM articles_topic ORDER BY name)
        UNION ALL (SELECT 'source', slug, name FROM articles_source ORDER BY name LIMIT %s)
    """
    options: dict[str, list[tuple[str, str]]] = {
        "country": [],
        "organization": [],
        "topic": [],
        "source": [],
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, [sources_limit])
        for kind, key, name in cursor.fetchall():
            options[kind].append((key, name))
    return options


def entity_suggest(*, kind: str, text: str, limit: int = 10) -> list[dict[str, str]]:
    """Return up to ``limit`` countries or officials whose name or alias starts with ``text``.

    Backs the list page's type-ahead; names that start with the text come before names
    that only contain it.
    """
    text = text.strip().lower()[:100].replace("\x00", "")
    if not text:
        return []
    like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if kind == "country":
        sql = """
            SELECT lower(c.iso2), c.name, min(CASE WHEN lower(a.alias) LIKE %s THEN 0
                                                 WHEN lower(c.name) LIKE %s THEN 0 ELSE 1 END) r
            FROM articles_country c
            LEFT JOIN articles_countryalias a ON a.country_id = c.id AND NOT a.blocked
            WHERE lower(c.name) LIKE %s OR lower(a.alias) LIKE %s OR lower(c.iso2) = %s
            GROUP BY c.iso2, c.name ORDER BY r, c.name LIMIT %s"""
        params = [f"{like}%", f"{like}%", f"%{like}%", f"{like}%", text, limit]
    elif kind == "official":
        sql = """
            SELECT o.slug, o.name, CASE WHEN lower(o.name) LIKE %s THEN 0 ELSE 1 END r
            FROM articles_official o
            WHERE o.status = %s AND o.merged_into_id IS NULL
              AND (lower(o.name) LIKE %s OR o.id IN (SELECT official_id
                   FROM articles_officialalias WHERE lower(alias) LIKE %s AND NOT blocked))
            ORDER BY r, o.name LIMIT %s"""
        params = [f"{like}%", OfficialStatus.CONFIRMED, f"%{like}%", f"{like}%", limit]
    else:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"value": key, "label": name} for key, name, _ in cursor.fetchall()]
