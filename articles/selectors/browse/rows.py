"""The list's rows: the exact count, a page of articles with their chips and snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchHeadline
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import Article, ArticleCountry, ArticleOfficial
from articles.models.articles import SEARCH_CONFIG
from articles.search import results
from articles.selectors import article_public_queryset

from .criteria import ArticleCriteria

PER_PAGE = 25
# A row whose article has no focus country shows this many of its most-mentioned ones.
ROW_COUNTRIES = 3

# ts_headline's markers: control characters that never survive into the escaped snippet.
_START, _STOP = "\x02", "\x03"


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
    if criteria.q and (query := criteria.search_query()) is not None:
        rows = rows.annotate(
            headline=SearchHeadline(
                Coalesce(NullIf(F("body"), Value("")), F("lede")),
                query,
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
