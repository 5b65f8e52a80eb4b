"""Reads for the JSON API, the exports and the feed: the list's rows with every field.

Everything starts from the list page's own pieces — the search index's matches
(``articles.search.results``) for the ``ArticleFilterSet``'s criteria — so a set of
parameters selects the same articles, in the same order, on ``/articles/``, in
``/api/articles/``, in the exports and in the feed; PostgreSQL then reads their rows.

A row's lists (countries, officials, organisations, topics) are read for a whole batch
of rows at once, one query per mention table answered from its (article, …) unique
index: an API page takes five queries whatever its size, and an export streams rows from
one server-side cursor, four more queries per 2,000 rows, without model instances.
(One query per batch, not a correlated ``ARRAY`` subquery per row, which PostgreSQL
runs once a row.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import Func, RawSQL
from django.db.models.functions import Coalesce, Concat, NullIf, Substr

from articles.choices import OfficialStatus
from articles.extract.officials import former_title_pattern
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
)
from articles.search import results
from articles.selectors import article_public_queryset
from articles.selectors.browse import ArticleCriteria

# The export's columns, in order (docs/architecture.md's article fields).
# Never reorder: scripts rely on it.
EXPORT_FIELDS = (
    "id",
    "url",
    "external_id",
    "title",
    "source",
    "published_at",
    "countries",
    "focus_countries",
    "officials",
    "organizations",
    "topics",
    "lede",
)
# Fields given only on request (``fields=body``; ``export_articles --with-body``), after the
# others: the cleaned text is most of an article's bytes.
OPTIONAL_FIELDS = ("body",)
# Rows read at once for an export: fewer with bodies, so one chunk stays a few megabytes.
CHUNK_ROWS, CHUNK_ROWS_WITH_BODY = 2000, 250
OFFICIAL_KEYS = ("slug", "name", "role", "status")
INTERVALS = ("day", "week", "month")
MAX_PERIODS = 10_000  # a timeline longer than this (27 years of days) is cut, and says so


class _ConcatWs(Func):
    """``concat_ws(', ', …)``: the parts that are not null, joined (PostgreSQL)."""

    function = "concat_ws"
    template = "%(function)s(', ', %(expressions)s)"
    output_field = TextField()


def _role():
    """Return the post the article gives the official, as the article page writes it.

    "Foreign Minister, Syria" (the post held on the article's date); the title as written
    when no post is linked ("Rosneft's president"); "former …" for a former office
    holder; null when there is none.
    """
    post = NullIf(
        _ConcatWs(
            F("appointment__post"),
            Coalesce(F("appointment__country__name"), F("appointment__organisation__name")),
        ),
        Value(""),
        output_field=TextField(),
    )
    shown = Coalesce(post, NullIf(F("raw_title"), Value("")), output_field=TextField())
    says_former = Q(raw_title__iregex=former_title_pattern(r"\M"))
    return Case(
        When(
            Q(former=True) & (Q(appointment__isnull=False) | (~Q(raw_title="") & ~says_former)),
            then=Concat(Value("former "), shown, output_field=TextField()),
        ),
        default=shown,
        output_field=TextField(),
    )


def _lists_by_article(ids: list[int]) -> dict[int, dict[str, list]]:
    """Return each article's countries, focus countries, officials, organisations and topics.

    Four queries for any number of ids (each answered from a mention table's
    (article, …) unique index); lists are ordered focus first, then by count.
    """

    def of(model):
        # "= ANY(array)": one parameter, where Django's ``__in`` would plan 2,000 of them.
        table = model._meta.db_table
        return model.objects.filter(
            RawSQL(f'"{table}"."article_id" = ANY(%s)', (ids,), output_field=BooleanField()),
            suppressed=False,
        )

    lists: dict[int, dict[str, list]] = {
        pk: {
            "country_list": [],
            "focus_country_list": [],
            "official_list": [],
            "organization_list": [],
            "topic_list": [],
        }
        for pk in ids
    }
    countries = (
        of(ArticleCountry)
        .order_by("article_id", "-is_focus", "-count", "country__iso2")
        .values_list("article_id", "country__iso2", "is_focus")
    )
    for pk, iso2, focus in countries:
        lists[pk]["country_list"].append(iso2)
        if focus:
            lists[pk]["focus_country_list"].append(iso2)
    officials = (
        of(ArticleOfficial)
        .filter(official__isnull=False)
        .exclude(official__status=OfficialStatus.REJECTED)
        .order_by("article_id", "-is_focus", "-count", "official__name", "official__slug")
        .annotate(role=_role())
        .values_list("article_id", "official__slug", "official__name", "official__status", "role")
    )
    for pk, slug, name, status, role in officials:
        lists[pk]["official_list"].append(
            {"slug": slug, "name": name, "role": role, "status": status}
        )
    for model, column, order, key in (
        (ArticleOrganisation, "organisation", "-count", "organization_list"),
        (ArticleTopic, "topic", "-score", "topic_list"),
    ):
        rows = (
            of(model)
            .order_by("article_id", order, f"{column}__slug")
            .values_list("article_id", f"{column}__slug")
        )
        for pk, slug in rows:
            lists[pk][key].append(slug)
    return lists


def _core(
    queryset: QuerySet[Article], *, body: bool = False, corrections: bool | None = None
) -> QuerySet:
    fields = ["id", "url", "external_id", "title", "published_at", "lede"]
    if body:
        fields.append("body")
    if body if corrections is None else corrections:
        fields.append("corrections")
    return queryset.values(*fields, source_slug=F("source__slug"))


def _with_lists(rows: list[dict]) -> list[dict]:
    lists = _lists_by_article([row["id"] for row in rows])
    for row in rows:
        row.update(lists[row["id"]])
    return rows


def article_rows(
    queryset: QuerySet[Article], *, body: bool = False, corrections: bool | None = None
) -> list[dict]:
    """Return ``queryset``'s articles as dicts of docs/architecture.md's fields (``body`` and
    ``corrections`` on request; ``corrections`` follows ``body`` unless given).

    Five queries whatever the number of rows. Lists are Python lists (officials as dicts);
    ``published_at`` stays a datetime.
    """
    return _with_lists(list(_core(queryset, body=body, corrections=corrections)))


def parse_fields(values: list[str]) -> tuple[frozenset[str], list[str]]:
    """Return (the optional fields asked for, a reason per value not understood).

    ``values`` are the ``fields`` parameters (repeated, or comma-separated); empty ones
    mean nothing.
    """
    asked, errors = set(), []
    for value in values:
        for part in value.split(","):
            name = part.strip()
            if not name:
                continue
            if name in OPTIONAL_FIELDS:
                asked.add(name)
            elif len(errors) < 5:
                shown = "".join(ch for ch in name[:40] if ch.isprintable())
                errors.append(
                    f"unknown field “{shown}”: the optional fields are {', '.join(OPTIONAL_FIELDS)}"
                )
    return frozenset(asked), errors


def iso_datetime(value: datetime | None) -> str | None:
    """Return ``value`` in ISO 8601 as the API writes it (UTC as ``Z``), or None."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def row_fields(row: dict) -> dict:
    """Return an ``article_rows`` row with the contract's names (the API's and JSONL's shape)."""
    out = {
        "id": row["id"],
        "url": row["url"],
        "external_id": row["external_id"],
        "title": row["title"],
        "source": row["source_slug"],
        "published_at": iso_datetime(row["published_at"]),
        "countries": row["country_list"],
        "focus_countries": row["focus_country_list"],
        "officials": [{k: o[k] for k in OFFICIAL_KEYS} for o in row["official_list"]],
        "organizations": row["organization_list"],
        "topics": row["topic_list"],
        "lede": row["lede"],
    }
    if "body" in row:
        out["body"] = row["body"]
    if "corrections" in row:
        out["corrections"] = row["corrections"]
    return out


def article_export_rows(
    *,
    criteria: ArticleCriteria,
    sort: str = "newest",
    chunk_size: int | None = None,
    body: bool = False,
) -> Iterator[dict]:
    """Yield every row the list selects for ``criteria``, in list order (``body``: with the
    cleaned text).

    The index gives every matching id in the list's order (relevance too: every match is
    ranked); the rows are read ``chunk_size`` at a time, five queries a chunk (2,000 rows,
    250 with bodies: a chunk of bodies stays a few megabytes).
    """
    chunk_size = chunk_size or (CHUNK_ROWS_WITH_BODY if body else CHUNK_ROWS)
    ids = results.all_ids(criteria, sort=sort)
    for start in range(0, len(ids), chunk_size):
        yield from article_rows_by_id(ids[start : start + chunk_size], body=body, corrections=False)


def article_feed_rows(*, criteria: ArticleCriteria, limit: int = 50) -> list[dict]:
    """Return the newest ``limit`` matches with a summary (the lede, else the body's start)."""
    ids = results.hits(criteria, sort="newest", limit=limit).ids
    rows = (
        article_public_queryset()
        .filter(id__in=ids)
        .annotate(
            source_name=F("source__name"),
            summary=Coalesce(
                NullIf(F("lede"), Value("")), Substr(F("body"), 1, 600), output_field=TextField()
            ),
            country_names=ArraySubquery(
                ArticleCountry.objects.filter(article_id=OuterRef("id"), suppressed=False)
                .order_by("-is_focus", "-count", "country__name")
                .values("country__name")
            ),
            topic_names=ArraySubquery(
                ArticleTopic.objects.filter(article_id=OuterRef("id"), suppressed=False)
                .order_by("-score", "topic__name")
                .values("topic__name")
            ),
        )
    )
    found = {
        row["id"]: row
        for row in rows.values(
            "id",
            "title",
            "summary",
            "published_at",
            "created_at",
            "source_name",
            "country_names",
            "topic_names",
        )
    }
    return [found[pk] for pk in ids if pk in found]


def article_rows_by_id(
    ids: list[int], *, body: bool = False, corrections: bool | None = None
) -> list[dict]:
    """Return the rows of ``ids`` in that order (five queries)."""
    # Public rows only: an index a moment behind an editor's "hide" never hands one out.
    public = article_public_queryset().filter(id__in=ids)
    found = {row["id"]: row for row in article_rows(public, body=body, corrections=corrections)}
    return [found[pk] for pk in ids if pk in found]


def article_public_row(*, pk: int) -> dict | None:
    """Return one public article with its body, or None."""
    rows = list(article_rows(article_public_queryset().filter(pk=pk), body=True))
    return rows[0] if rows else None


# --- timeline by any interval ------------------------------------------------------------------


@dataclass
class IntervalTimeline:
    """Dated matches per period (gaps as zero) and how many matches have no date."""

    interval: str
    series: list[tuple[date, int]]
    truncated: bool


def article_timeline_by(*, criteria: ArticleCriteria, interval: str) -> IntervalTimeline:
    """Return the dated matches counted per day, week (from Monday) or month.

    The counts come from the same filter as the list; periods without an article are
    filled with zero between the first and the last, up to ``MAX_PERIODS`` of them.
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    if criteria.undated:
        return IntervalTimeline(interval, [], False)
    found = results.overview(criteria, granularity=interval).periods
    if not found:
        return IntervalTimeline(interval, [], False)
    series: list[tuple[date, int]] = []
    day, last = min(found), max(found)
    while day <= last and len(series) < MAX_PERIODS:
        series.append((day, found.get(day, 0)))
        day = _next_period(day, interval)
    return IntervalTimeline(interval, series, truncated=day <= last)


def _next_period(day: date, interval: str) -> date:
    if interval == "day":
        return day + timedelta(days=1)
    if interval == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# --- file names -----------------------------------------------------------------------------


def export_filename(*, params: list[tuple[str, str]], extension: str, today: date) -> str:
    """Return a file name saying what was filtered and when, e.g. ``newsroom-country-ru-sy-2026-11-27.csv``.

    ``params`` are the FilterSet's canonical parameters (``ArticleFilterSet.params()``).
    """
    from django.utils.text import slugify

    grouped: dict[str, list[str]] = {}
    for name, value in params:
        if name == "sort":
            continue
        grouped.setdefault(name, []).append(value)
    parts: list[str] = []
    for name, values in grouped.items():
        label = {
            "q": "search",
            "date_from": "from",
            "date_to": "to",
            "copies": "copies",
        }.get(name, name)
        if name in ("focus", "undated"):
            parts.append(name)
        elif name == "match":
            parts.append("match-all")
        else:
            values = (
                sorted(values)
                if name in ("country", "official", "organization", "topic", "source")
                else values
            )
            parts.append(f"{label}-{'-'.join(slugify(v)[:40] for v in values)}")
    name = "-".join(p.strip("-") for p in parts if p.strip("-")) or "all"
    name = name[:150].rstrip("-")
    return f"newsroom-{name}-{today.isoformat()}.{extension}"
