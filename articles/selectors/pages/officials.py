"""The officials index: every confirmed official by coverage or by name, with its exact
number of articles, filtered by country (nationality or a post for it) and kind of post.

The numbers come from the search index, one terms aggregation over every public story
lead counting every official at once, exactly as the list's ``official`` facet counts them
(so each equals the count of ``/articles/?official=<slug>``), kept per index generation
(``results.overview``). PostgreSQL filters the officials (their ids and names only), Python
orders them, and only a page's rows are loaded with their posts.
"""

from __future__ import annotations

import heapq

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from articles.choices import OfficialStatus, PostKind
from articles.models import Appointment, Country, Official, OfficialAlias
from articles.selectors.reading import read_connection

from .common import index_counts

# Officials counted by the index in one request: above any officials table (the page
# bench's corpus mentions about 20,000), and kept under the engine's 65,000 buckets per
# request. ``official_counts`` refuses to answer rather than leave officials uncounted.
OFFICIALS_SCAN = 60_000
# Pages up to this many officials in (the first ten) are picked from a heap, not sorted.
HEAP_PAGES = 1_000
# The kinds of post a reader filters by (``?kind=``): its label and the appointments'
# ``post_kind`` values it gathers. "other": none of the posts of the kinds before it.
OFFICIAL_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "head": ("Head of state or government", (PostKind.HEAD_OF_STATE, PostKind.HEAD_OF_GOVERNMENT)),
    "foreign_minister": ("Foreign minister", (PostKind.FOREIGN_MINISTER,)),
    "envoy": ("Envoy or ambassador", (PostKind.AMBASSADOR, PostKind.ENVOY)),
    "spokesperson": ("Spokesperson", (PostKind.SPOKESPERSON,)),
    "other": ("Any other post", ()),
}
# ``?sort=``: its label; the first is the default.
OFFICIAL_SORTS: dict[str, str] = {"coverage": "Most articles", "name": "Name, A–Z"}


def official_counts() -> dict[int, int]:
    """Return {official id: number of articles} for every official with any article: the
    count of ``/articles/?official=<slug>`` (``common.index_counts``)."""
    return index_counts("official", OFFICIALS_SCAN)


class OfficialPages:
    """The officials of an index state in order, loaded a page (a slice) at a time.

    ``rows``: (id, name) of every official of the state, in any order; ``key`` orders
    them. ``len`` is free (the paginator's count); a slice is two queries: its officials,
    and their posts newest first (``posts_newest_first``), each with its ``article_count``.
    The first pages pick their rows from a heap instead of sorting every official.
    """

    def __init__(self, rows: list[tuple[int, str]], counts: dict[int, int], post_order, key):
        self.rows = rows
        self.counts = counts
        self.post_order = post_order
        self.key = key
        self.ids: list[int] | None = None  # every id in order, once a far page needs it

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 if index != -1 else None][0]
        start, stop, step = index.indices(len(self.rows))
        if self.ids is None and step == 1 and stop <= HEAP_PAGES:
            first = heapq.nsmallest(stop, self.rows, key=self.key)  # = sorted(...)[:stop]
            return self._load([pk for pk, _ in first[start:stop]])
        if self.ids is None:
            self.ids = [pk for pk, _ in sorted(self.rows, key=self.key)]
        return self._load(self.ids[index])

    def _load(self, ids: list[int]) -> list[Official]:
        if not ids:
            return []
        by_id = {
            official.pk: official
            for official in _with_posts(self.counts, self.post_order, id__in=ids)
        }
        return [by_id[pk] for pk in ids if pk in by_id]


class OfficialsByName:
    """The officials of an index state by name (PostgreSQL's order, its ``status, name``
    index): ``len`` is a count, a slice its rows and their posts, with ``article_count``."""

    def __init__(self, officials: QuerySet[Official], counts: dict[int, int], post_order):
        self.officials = officials.order_by("name", "id")
        self.counts = counts
        self.post_order = post_order

    def __len__(self) -> int:
        return self.officials.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _with_posts(self.counts, self.post_order, queryset=self.officials[index])
        return _with_posts(
            self.counts, self.post_order, queryset=self.officials[index : index + 1]
        )[0]


def _with_posts(
    counts: dict[int, int], post_order: list, *, queryset=None, **filters
) -> list[Official]:
    """Return officials (``queryset``, else those matching ``filters``) with their posts in
    ``post_order`` (``posts_newest_first``) and ``article_count``: two queries."""
    rows = queryset if queryset is not None else Official.objects.filter(**filters)
    rows = rows.only("name", "slug", "status", "nationality_id").prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("country", "organisation").order_by(
                *post_order
            ),
            to_attr="posts_newest_first",
        )
    )
    rows = list(rows)
    for official in rows:
        official.article_count = counts.get(official.pk, 0)
    return rows


def official_index(
    *,
    text: str = "",
    country: Country | None = None,
    kind: str | None = None,
    sort: str = "coverage",
) -> OfficialPages | OfficialsByName:
    """Return officials with their ``article_count`` and latest post, in ``sort`` order.

    Without ``text``, confirmed officials; with it, confirmed and candidate officials whose
    name or an alias contains it (case-insensitive). ``country``: its nationals and those
    holding a post for it; ``kind``: a key of ``OFFICIAL_KINDS``. Coverage: most articles
    first, ties by name, then id: one query (the matching officials' ids and names,
    unsorted) and the index's cached counts; a page is two more (``OfficialPages``). By
    name: a count, and a page of PostgreSQL's name order with its posts (``OfficialsByName``).
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    officials = Official.objects.filter(merged_into__isnull=True)
    if text:
        named = Q(name__icontains=text) | Q(
            id__in=OfficialAlias.objects.filter(alias__icontains=text, blocked=False).values(
                "official_id"
            )
        )
        officials = officials.filter(named).exclude(status=OfficialStatus.REJECTED)
    else:
        officials = officials.filter(status=OfficialStatus.CONFIRMED)
    if country is not None:
        officials = officials.filter(
            Q(nationality=country)
            | Q(id__in=Appointment.objects.filter(country=country).values("official_id"))
        )
    if kind in OFFICIAL_KINDS:
        posts = OFFICIAL_KINDS[kind][1]
        if posts:
            held = Appointment.objects.filter(post_kind__in=posts)
            officials = officials.filter(id__in=held.values("official_id"))
        else:
            named_kinds = [p for _, ps in OFFICIAL_KINDS.values() for p in ps]
            held = Appointment.objects.filter(post_kind__in=named_kinds)
            officials = officials.exclude(id__in=held.values("official_id"))
    order = _post_order(kind)
    if sort == "name":  # a page of PostgreSQL's name index: no need to read every name
        return OfficialsByName(officials, official_counts(), order)
    # Ids and names only (no sort in PostgreSQL), ordered here: the same order as
    # PostgreSQL's under the database's C collation (code points), ties by id.
    sql, params = officials.order_by().values_list("id", "name").query.sql_with_params()
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = official_counts()
    return OfficialPages(
        rows, counts, order, key=lambda row: (-counts.get(row[0], 0), row[1], row[0])
    )


def _post_order(kind: str | None) -> list:
    """Return the order of an official's posts, the one shown first.

    Newest first by when the post began (or, undated, ended): PostgreSQL puts NULLs first
    in a descending order, which showed an undated old post as the latest (Zarif:
    "Ambassador to the UN" before his 2013-2021 foreign ministry). With a kind chosen,
    the posts of that kind come first: the one shown is why the official is listed.
    """
    order = [Coalesce("start_date", "end_date").desc(nulls_last=True), "-id"]
    if kind in OFFICIAL_KINDS and OFFICIAL_KINDS[kind][1]:
        chosen = When(post_kind__in=OFFICIAL_KINDS[kind][1], then=Value(0))
        order.insert(0, Case(chosen, default=Value(1), output_field=IntegerField()))
    return order
