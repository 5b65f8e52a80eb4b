"""Reads for the JSON API, the exports and the feed: the list's rows with every field.

Everything starts from the list page's own pieces — ``article_public_queryset`` and
``browse.article_filter`` over the ``ArticleFilterSet``'s criteria — so a set of
parameters selects the same articles on ``/articles/``, in ``/api/articles/``, in the
exports and in the feed.

A row's lists (countries, officials, organisations, topics) are read for a whole batch
of rows at once, one query per mention table answered from its (article, …) unique
index: an API page takes five queries whatever its size, and an export streams rows from
one server-side cursor, four more queries per 2,000 rows, without model instances.
(Batches measured 3.5 times faster than a correlated ``ARRAY`` subquery per row.)
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import BooleanField, F, OuterRef, QuerySet, TextField, Value
from django.db.models.expressions import Func, RawSQL
from django.db.models.functions import Coalesce, NullIf, Substr

from articles.choices import OfficialStatus
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
)
from articles.selectors import article_public_queryset
from articles.selectors.browse import (
    NEWEST,
    RANK_CAP,
    ArticleCriteria,
    article_filter,
    period_counts,
)

# The export's columns, in order (DESIGN.md's article fields). Never reorder: scripts rely on it.
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
)
OFFICIAL_KEYS = ("slug", "name", "role", "status")
INTERVALS = ("day", "week", "month")
MAX_PERIODS = 10_000  # a timeline longer than this (27 years of days) is cut, and says so


class _ConcatWs(Func):
    """``concat_ws(', ', …)``: the parts that are not null, joined (PostgreSQL)."""

    function = "concat_ws"
    template = "%(function)s(', ', %(expressions)s)"
    output_field = TextField()


def _role():
    """Return the post held on the article's date, as the article page writes it.

    "Foreign Minister, Syria"; null when the mention has no appointment.
    """
    return NullIf(
        _ConcatWs(
            F("appointment__post"),
            Coalesce(F("appointment__country__name"), F("appointment__organisation__name")),
        ),
        Value(""),
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


def _core(queryset: QuerySet[Article], *, body: bool = False) -> QuerySet:
    fields = ["id", "url", "external_id", "title", "published_at"]
    if body:
        fields.append("body")
    return queryset.values(*fields, source_slug=F("source__slug"))


def _with_lists(rows: list[dict]) -> list[dict]:
    lists = _lists_by_article([row["id"] for row in rows])
    for row in rows:
        row.update(lists[row["id"]])
    return rows


def article_rows(queryset: QuerySet[Article], *, body: bool = False) -> list[dict]:
    """Return ``queryset``'s articles as dicts of DESIGN.md's fields (``body`` on request).

    Five queries whatever the number of rows. Lists are Python lists (officials as dicts);
    ``published_at`` stays a datetime.
    """
    return _with_lists(list(_core(queryset, body=body)))


def iso_datetime(value: datetime | None) -> str | None:
    """Return ``value`` in ISO 8601 as the API writes it (UTC as ``Z``), or None."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def row_fields(row: dict) -> dict:
    """Return an ``article_rows`` row with DESIGN.md's names (the API's and JSONL's shape)."""
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
    }
    if "body" in row:
        out["body"] = row["body"]
    return out


def article_export_rows(
    *, criteria: ArticleCriteria, sort: str = "newest", chunk_size: int = 2000
) -> Iterator[dict]:
    """Yield every row the list selects for ``criteria``, in list order, in constant memory.

    Newest (or oldest) first like the list; an export asked for by relevance comes newest
    first too, because relevance only ranks the list's newest ``RANK_CAP`` matches and an
    export has all of them. The rows come from a server-side cursor ``chunk_size`` at a
    time (iterate inside a transaction, or Django declares the cursor WITH HOLD and
    PostgreSQL computes every row before the first); each chunk's lists take four queries.
    """
    order = NEWEST if sort != "oldest" else _OLDEST
    matches = article_filter(article_public_queryset(), criteria=criteria).order_by(*order)
    chunk: list[dict] = []
    for row in _core(matches).iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from _with_lists(chunk)
            chunk = []
    if chunk:
        yield from _with_lists(chunk)


_OLDEST = (F("published_at").asc(nulls_last=True), F("id").asc())


def article_feed_rows(*, criteria: ArticleCriteria, limit: int = 50) -> list[dict]:
    """Return the newest ``limit`` matches with a summary (the lede, else the body's start)."""
    matches = article_filter(article_public_queryset(), criteria=criteria).order_by(*NEWEST)
    return list(
        matches.annotate(
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
        ).values(
            "id",
            "title",
            "summary",
            "published_at",
            "created_at",
            "source_name",
            "country_names",
            "topic_names",
        )[:limit]
    )


# --- cursor pages ---------------------------------------------------------------------------


class CursorError(ValueError):
    """A cursor that this API did not make (or that was altered)."""


@dataclass(frozen=True)
class Cursor:
    """A position in a list: after (or, ``backwards``, before) the row (published_at, id).

    Relevance pages are ranked, not keyed: their cursor holds the offset instead.
    """

    published_at: datetime | None = None
    id: int | None = None
    backwards: bool = False
    offset: int | None = None

    def encode(self) -> str:
        if self.offset is not None:
            data = {"o": self.offset}
        else:
            data = {
                "p": self.published_at.isoformat() if self.published_at else None,
                "i": self.id,
                "b": 1 if self.backwards else 0,
            }
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Return the cursor ``text`` encodes; raise ``CursorError`` for anything else."""
        try:
            if len(text) > 200:
                raise ValueError
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError
            if set(data) == {"o"}:
                offset = data["o"]
                if type(offset) is not int or not 0 <= offset <= RANK_CAP:
                    raise ValueError
                return cls(offset=offset)
            if set(data) != {"p", "i", "b"}:
                raise ValueError
            pk, backwards, when = data["i"], data["b"], data["p"]
            if type(pk) is not int or not 0 < pk < 2**63 or backwards not in (0, 1):
                raise ValueError
            published_at = None
            if when is not None:
                published_at = datetime.fromisoformat(when)
                if published_at.tzinfo is None:
                    raise ValueError
            return cls(published_at=published_at, id=pk, backwards=bool(backwards))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError) as exc:
            raise CursorError(
                "not a cursor this API made: follow the next and previous links"
            ) from exc


@dataclass
class CursorPage:
    """One page of article ids, and the cursors of the pages either side (None: no page)."""

    ids: list[int]
    next: Cursor | None
    previous: Cursor | None


def article_cursor_page(
    *, criteria: ArticleCriteria, sort: str, cursor: Cursor | None, size: int
) -> CursorPage:
    """Return the ids of one page of the matches in ``sort`` order, from ``cursor`` on.

    Newest and oldest pages are keyset pages on (published_at, id), so page 10,000 costs
    what page 1 does: the row comparison starts the index scan at the cursor. Undated
    articles come last in both orders, as on the list page.
    """
    matches = article_filter(article_public_queryset(), criteria=criteria).order_by()
    if sort == "relevance" and criteria.q:
        return _relevance_page(matches, criteria=criteria, cursor=cursor, size=size)
    if cursor is not None and cursor.offset is not None:
        raise CursorError("this cursor belongs to a relevance list: keep the same sort")
    descending = sort != "oldest"
    backwards = bool(cursor and cursor.backwards)
    key = (cursor.published_at, cursor.id) if cursor else None
    rows = _walk(matches, key=key, descending=descending, backwards=backwards, limit=size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return CursorPage([], None, None)
    first, last = rows[0], rows[-1]
    has_next = more if not backwards else True
    has_previous = more if backwards else cursor is not None
    return CursorPage(
        ids=[pk for pk, _ in rows],
        next=Cursor(published_at=last[1], id=last[0]) if has_next else None,
        previous=Cursor(published_at=first[1], id=first[0], backwards=True)
        if has_previous
        else None,
    )


def _walk(matches, *, key, descending: bool, backwards: bool, limit: int) -> list[tuple]:
    """Return up to ``limit`` (id, published_at) after ``key`` (before it, ``backwards``).

    Dated rows come before undated ones in both sorts; each part is read on its own so
    every query is a plain index range scan.
    """
    # Walking backwards is walking forwards in the reversed order.
    desc = descending != backwards
    op = "<" if desc else ">"
    segments = ["dated", "undated"] if not backwards else ["undated", "dated"]
    if key is not None:
        at_undated = key[0] is None
        # Skip the segments wholly behind the key.
        if not backwards and at_undated:
            segments = ["undated"]
        if backwards and not at_undated:
            segments = ["dated"]
    rows: list[tuple] = []
    for segment in segments:
        if len(rows) >= limit:
            break
        on_key = key is not None and (key[0] is None) == (segment == "undated")
        if segment == "dated":
            qs = matches.filter(published_at__isnull=False)
            if on_key:
                qs = qs.filter(
                    RawSQL(
                        f'("articles_article"."published_at", "articles_article"."id") {op} (%s, %s)',
                        (key[0], key[1]),
                        output_field=BooleanField(),
                    )
                )
            # Nulls placed as the partial index orders them, so the planner reads the index.
            order = (
                (F("published_at").desc(nulls_last=True), F("id").desc())
                if desc
                else (F("published_at").asc(nulls_first=True), F("id").asc())
            )
        else:
            qs = matches.filter(published_at__isnull=True)
            if on_key:
                qs = qs.filter(id__lt=key[1]) if desc else qs.filter(id__gt=key[1])
            order = (F("id").desc(),) if desc else (F("id").asc(),)
        rows += list(qs.order_by(*order).values_list("id", "published_at")[: limit - len(rows)])
    return rows


def _relevance_page(matches, *, criteria, cursor, size) -> CursorPage:
    """Rank the newest ``RANK_CAP`` matches, as the list page does, and page by offset."""
    if cursor is not None and cursor.offset is None:
        raise CursorError("this cursor belongs to a newest or oldest list: keep the same sort")
    offset = cursor.offset if cursor else 0
    inner, params = matches.values("id", "published_at").query.sql_with_params()
    # OFFSET 0 fences the subquery so the GIN index finds the matches (see browse.article_page).
    with connection.cursor() as db:
        db.execute(
            f"SELECT id FROM ({inner} OFFSET 0) m "
            "ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %s",
            [*params, RANK_CAP],
        )
        candidates = [row[0] for row in db.fetchall()]
    ids = list(
        Article.objects.filter(id__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), criteria.search_query()))
        .order_by("-rank", *NEWEST)
        .values_list("id", flat=True)[offset : offset + size + 1]
    )
    more = len(ids) > size
    return CursorPage(
        ids=ids[:size],
        next=Cursor(offset=offset + size) if more else None,
        previous=Cursor(offset=max(0, offset - size)) if offset > 0 else None,
    )


def article_rows_by_id(ids: list[int], *, body: bool = False) -> list[dict]:
    """Return the rows of ``ids`` in that order (five queries)."""
    found = {row["id"]: row for row in article_rows(Article.objects.filter(id__in=ids), body=body)}
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
    found = period_counts(article_public_queryset(), criteria, interval)
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
