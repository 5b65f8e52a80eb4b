"""The filtered article list: its criteria, rows, exact count, facets and timeline.

Which articles match, in which order, and every number about them (the count, each facet
entry, each timeline bar) come from the search index (``articles.search``), over every
match: nothing is capped or sampled. PostgreSQL then reads just the page's rows (and the
entity names of the facet entries shown).

A facet entry's number is exactly the size of the list its link opens: the entries of a
kind are counted over the current matches, and following one narrows the list to the
matches that also carry it (``facet_links`` in ``views.lists``). The source entries of a
one-row-per-story list count every copy, because a source filter lists every copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
)
from articles.models.articles import SEARCH_CONFIG
from articles.models.mentions import MENTION_MODELS
from articles.search import results
from articles.search.query import date_bounds, raw_clauses
from articles.selectors import article_public_queryset

FACET_LIMIT = 12
PER_PAGE = 25
# A row whose article has no focus country shows this many of its most-mentioned ones.
ROW_COUNTRIES = 3

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


def _article_filter(queryset: QuerySet[Article], criteria: ArticleCriteria) -> QuerySet[Article]:
    if criteria.q:
        queryset = queryset.filter(search_vector=criteria.search_query())
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


@dataclass
class CountResult:
    """How many articles match, and how many undated ones would (both exact)."""

    total: int
    undated: int


def article_count(
    *, criteria: ArticleCriteria, overview: results.Overview | None = None
) -> CountResult:
    """Return the exact number of matches and of undated matches without the date filter.

    Pass the list's ``overview`` when it is at hand: it holds the total, and the undated
    count when the list has no date filter.
    """
    total = results.count(criteria) if overview is None else overview.total
    if criteria.undated:
        return CountResult(total, total)
    if overview is not None and overview.undated is not None:
        return CountResult(total, overview.undated)
    undated = replace(criteria.without("date"), undated=True)
    return CountResult(total, results.count(undated))


@dataclass
class Page:
    """One page of result rows."""

    number: int
    rows: list[Article]
    has_next: bool
    total: int = 0
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.per_page))


def article_page(
    *,
    criteria: ArticleCriteria,
    sort: str,
    number: int,
    per_page: int = PER_PAGE,
    found: results.Hits | None = None,
) -> Page:
    """Return page ``number`` of the matches in ``sort`` order, rows ready to display.

    The index gives the page's ids in order (relevance: BM25 over every match) and the
    exact total (or pass them, ``list_read``); PostgreSQL reads those rows only.
    """
    if found is None:
        offset = (number - 1) * per_page
        found = results.hits(criteria, sort=sort, offset=offset, limit=per_page)
    rows = page_rows(found.ids, criteria=criteria)
    return Page(
        number=number,
        rows=rows,
        has_next=number * per_page < found.total,
        total=found.total,
        per_page=per_page,
    )


def page_rows(ids: list[int], *, criteria: ArticleCriteria) -> list[Article]:
    """Return the articles ``ids`` in that order, with their tags, copies and snippet."""
    # Public rows only: an index a moment behind an editor's "hide" never shows the article.
    rows = (
        article_public_queryset()
        .filter(id__in=ids)
        .defer("body", "raw_text", "minhash", "search_vector", "duplicate_keys")
    )
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
        row_countries_prefetch(),
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
    by_id = {row.id: row for row in rows}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    for row in rows:
        row.snippet = snippet_html(getattr(row, "headline", None) or "")
    row_countries_set(rows)
    return rows


# The order of a row's countries: focus first, then the most mentioned, the first in the
# text breaking ties (a mention without an offset last), then the name.
_ROW_COUNTRY_ORDER = (
    F("is_focus").desc(),
    F("count").desc(),
    F("first_offset").asc(nulls_last=True),
    F("country__name").asc(),
)


def row_countries_prefetch() -> Prefetch:
    """Return the prefetch of list rows' countries, for ``row_countries_set``.

    One query for the page, whatever its rows: each article's focus countries, or (when
    it has none) its ``ROW_COUNTRIES`` most mentioned, never all of a long speech's.
    """
    ranked = ArticleCountry.objects.filter(suppressed=False).annotate(
        rank=Window(RowNumber(), partition_by=[F("article_id")], order_by=_ROW_COUNTRY_ORDER)
    )
    return Prefetch(
        "articlecountry_set",
        queryset=ranked.filter(Q(is_focus=True) | Q(rank__lte=ROW_COUNTRIES))
        .select_related("country")
        .only(
            "article_id",
            "is_focus",
            "count",
            "first_offset",
            "country__iso2",
            "country__name",
            "country__slug",
        )
        .order_by(*_ROW_COUNTRY_ORDER),
        to_attr="row_mentions",
    )


def row_countries_set(rows: list[Article]) -> None:
    """Give each row (prefetched by ``row_countries_prefetch``) its country chips.

    ``focus_countries`` are the article's focus countries; ``chip_countries`` what the
    row shows: those, or else its most mentioned (a BRICS summit in Kazan names many
    countries and makes none a focus); ``chips_are_focus`` tells which.
    """
    for row in rows:
        focus = [m for m in row.row_mentions if m.is_focus]
        row.focus_countries = focus
        row.chip_countries = focus or row.row_mentions[:ROW_COUNTRIES]
        row.chips_are_focus = bool(focus)


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
    """The entries of each kind, each with the exact size of the list its link opens."""

    items: dict[str, list[FacetItem]] = field(default_factory=dict)


# Facet kind → (entity table, the entity's parameter value).
_ENTITY_SQL = {
    "country": ("articles_country", "lower(e.iso2)"),
    "official": ("articles_official", "e.slug"),
    "organization": ("articles_organisation", "e.slug"),
    "topic": ("articles_topic", "e.slug"),
    "source": ("articles_source", "e.slug"),
}


def source_facet_leads(criteria: ArticleCriteria) -> bool | None:
    """Return the leads rule of the source entries' counts (None: the list's own).

    Picking a source lists every copy (a source filter shows the outlet's own copy), so on
    a one-row-per-story list its entries count every copy too.
    """
    return False if criteria.collapses_copies else None


def article_facets(
    *,
    criteria: ArticleCriteria,
    limit: int = FACET_LIMIT,
    overview: results.Overview | None = None,
) -> Facets:
    """Return the top ``limit`` entries of each kind over the matches, and the chosen ones.

    Every count is exact: the matches that carry the entry (the list its link opens).
    Pass the list's ``overview`` (``list_overview``) when it is at hand.
    """
    if overview is None:
        overview = list_overview(criteria=criteria, facet_limit=limit)
    counted: dict[str, list[tuple[int, int]]] = dict(overview.facets)
    # Chosen entities outside the top entries still show with their counts.
    for kind in FACET_KINDS:
        have = {pk for pk, _ in counted.get(kind, [])}
        for entity in getattr(criteria, kind):
            if entity.id not in have:
                leads = source_facet_leads(criteria) if kind == "source" else None
                n = results.entity_count(criteria, kind, entity.id, leads=leads)
                counted.setdefault(kind, []).append((entity.id, n))
    names = _entity_names(counted)
    facets = Facets()
    for kind in FACET_KINDS:
        chosen = {e.id for e in getattr(criteria, kind)}
        items = [
            FacetItem(kind, *names[kind][pk], n, pk in chosen)
            for pk, n in counted.get(kind, [])
            if pk in names[kind]
        ]
        items.sort(key=lambda i: (-i.count, i.name))
        top = [i for i in items if not i.selected][: max(0, limit - len(chosen))]
        facets.items[kind] = sorted(
            [i for i in items if i.selected] + top, key=lambda i: (-i.count, i.name)
        )
    return facets


def _entity_names(counted: dict[str, list[tuple[int, int]]]) -> dict[str, dict[int, tuple]]:
    """Return {kind: {id: (parameter value, name)}}, rejected officials left out; one query."""
    parts, params = [], []
    for kind, entries in counted.items():
        if not entries:
            continue
        table, key = _ENTITY_SQL[kind]
        rejected = " AND e.status <> %s" if kind == "official" else ""
        parts.append(
            f"SELECT '{kind}', e.id, {key}, e.name FROM {table} e WHERE e.id = ANY(%s){rejected}"
        )
        params.append([pk for pk, _ in entries])
        if rejected:
            params.append(OfficialStatus.REJECTED)
    names: dict[str, dict[int, tuple]] = {kind: {} for kind in FACET_KINDS}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for kind, pk, key, name in cursor.fetchall():
                names[kind][pk] = (key, name)
    return names


@dataclass
class Timeline:
    """Matches per period: (period start, count), gaps filled with zero."""

    granularity: str
    series: list[tuple[date, int]]


def granularity_of(criteria: ArticleCriteria) -> str:
    """Return ``week`` for date ranges up to half a year, else ``month``."""
    if (
        criteria.date_from
        and criteria.date_to
        and (criteria.date_to - criteria.date_from).days <= 183
    ):
        return "week"
    return "month"


def article_timeline(
    *, criteria: ArticleCriteria, overview: results.Overview | None = None
) -> Timeline:
    """Return the dated matches per week (ranges up to half a year) or per month, exactly."""
    granularity = granularity_of(criteria)
    if criteria.undated:
        return Timeline(granularity, [])
    if overview is None:
        overview = results.overview(criteria, granularity=granularity)
    return Timeline(granularity, fill_periods(overview.periods, granularity))


def _overview_options(criteria: ArticleCriteria, facet_limit: int) -> dict:
    return {
        "facet_kinds": FACET_KINDS,
        "facet_limit": facet_limit,
        "granularity": None if criteria.undated else granularity_of(criteria),
        "sources_of_every_copy": source_facet_leads(criteria) is False,
        "undated": not criteria.has_dates and not criteria.undated,
    }


def list_overview(*, criteria: ArticleCriteria, facet_limit: int = FACET_LIMIT) -> results.Overview:
    """Return the list's total, its facets' top entries and its timeline's periods."""
    return results.overview(criteria, **_overview_options(criteria, facet_limit))


def list_read(
    *, criteria: ArticleCriteria, sort: str, number: int, facet_limit: int = FACET_LIMIT
) -> tuple[results.Overview, results.Hits]:
    """Return ``list_overview`` and the hits of page ``number``, read from the index at once."""
    return results.overview_with_hits(
        criteria,
        sort=sort,
        offset=(number - 1) * PER_PAGE,
        limit=PER_PAGE,
        **_overview_options(criteria, facet_limit),
    )


def _tz_name() -> str:
    return timezone.get_current_timezone_name()


def _period(at: datetime, granularity: str) -> date:
    """Return the start of ``at``'s week (Monday) or month, as PostgreSQL's date_trunc."""
    day = timezone.localtime(at).date()
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def fill_periods(found: dict[date, int], granularity: str) -> list[tuple[date, int]]:
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
