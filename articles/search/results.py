"""Hits, exact counts, facets and timelines over every match, from the index.

Each function takes the list's criteria (``browse.ArticleCriteria``), builds its query once
(``query.article_query``) and asks the engine. Nothing is sampled or capped: a count is
the number of matching documents, a facet entry the number of matching documents that
carry the entity, a timeline bar the number of matching dated documents in the period.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import tantivy

from articles.search import engine as engines
from articles.search import indexing, schema
from articles.search.kept import Kept
from articles.search.query import all_of, article_query, search_query, term, unsigned_range
from articles.search.schema import FOCUS_FIELDS

# Terms counted per segment before the merge: above any entity table's size, so every
# facet count is exact (tantivy merges per-segment top lists; with every term kept in
# each, the merged counts are the true ones).
SEGMENT_TERMS = 1_000_000
FACET_SPARE = 20  # entries fetched beyond the shown ones: ties reordered by name, rejects
CACHE_SIZE = 256  # overviews kept per process (a few kB each)
_SECOND_CORE = frozenset({"official", "organization", "periods"})  # about half the work


def _new_pools() -> None:
    """Start this process's thread pools (again in a forked child: threads do not fork)."""
    global _pool, _page_pool
    _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-aggregate")
    _page_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-page")


_new_pools()
os.register_at_fork(after_in_child=_new_pools)

_kept = Kept(CACHE_SIZE)


@dataclass
class Hits:
    ids: list[int]
    total: int


@dataclass
class Overview:
    """Exact aggregates of one set of matches."""

    total: int = 0
    facets: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # kind: (id, n)
    periods: dict[date, int] = field(default_factory=dict)  # period start: dated matches
    undated: int | None = None  # undated matches, when asked for


def _engine() -> engines.Engine:
    """Return the engine, caught up with the queue; repair an index found unusable.

    A folder removed or damaged under a running process is noticed here (the cached
    engine no longer reloads) and rebuilt by the next sync, as at start.
    """
    indexing.sync_for_page()
    try:
        engine = engines.get_engine()
        engine.index.reload()
        engine.generation()
        return engine
    except (engines.IndexUnavailable, OSError, ValueError):
        engines.forget()
        # Never wait for another writer here (an import's sync can take minutes): it
        # repairs the index itself; this page then answers from what is there.
        indexing.sync(wait=False, limit=indexing.PAGE_SYNC_LIMIT)
        return engines.get_engine()


def pending() -> int:
    """Return how many changed articles this page's numbers do not include yet (usually 0)."""
    return indexing.sync_for_page()


def hits(criteria, *, sort: str = "newest", offset: int = 0, limit: int = 25) -> Hits:
    """Return one page of matching ids in ``sort`` order and the exact number of matches."""
    return _hits(_engine(), criteria, sort=sort, offset=offset, limit=limit)


def overview_with_hits(
    criteria, *, sort: str, offset: int, limit: int, **options
) -> tuple[Overview, Hits]:
    """Return ``overview(criteria, **options)`` and one page of ``hits`` together.

    The page's search runs on its own thread while the aggregations run on theirs (the
    engine releases the GIL): a list page's two index reads at once.
    """
    engine = _engine()
    page = _page_pool.submit(_hits, engine, criteria, sort=sort, offset=offset, limit=limit)
    try:
        return overview(criteria, **options), page.result()
    finally:
        page.cancel()


def _hits(engine: engines.Engine, criteria, *, sort: str, offset: int, limit: int) -> Hits:
    """``hits`` on an engine already caught up (no database access: runs on any thread)."""
    query = article_query(engine.schema, criteria)
    searcher = engine.searcher()
    order = _order(criteria, sort)
    result = searcher.search(query, limit=max(limit, 1), count=True, offset=offset, **order)
    addresses = [address for _, address in result.hits][:limit]
    ids = [int(v) for v in searcher.fast_field_values("id", addresses)] if addresses else []
    return Hits(ids=standing(engine, searcher, criteria, ids), total=result.count)


def standing(engine: engines.Engine, searcher, criteria, story_ids: list[int]) -> list[int]:
    """Return the article that stands for each story of ``story_ids`` (ids of leads).

    A list of stories matches a story when one of its copies does; its row is the lead
    when the lead matches by itself, else the earliest copy that does (so a search for a
    copy's own words shows that copy), else (the words are spread over several copies)
    the lead, or the earliest public copy when the lead is not public.
    """
    if not story_ids or not criteria.collapses_copies:
        return story_ids
    members = all_of(
        article_query(engine.schema, criteria, leads=False),
        tantivy.Query.term_set_query(engine.schema, "story", story_ids),
    )
    matched = _member_stories(searcher, members)
    rows = {story: min(ids) for story, ids in matched.items() if story not in ids}
    unmatched = [story for story in story_ids if story not in matched]
    if unmatched:
        public = all_of(
            term(engine.schema, "public", 1),
            term(engine.schema, "member", 1),
            tantivy.Query.term_set_query(engine.schema, "story", unmatched),
        )
        for story, ids in _member_stories(searcher, public).items():
            if story not in ids:
                rows[story] = min(ids)
    return [rows.get(story, story) for story in story_ids]


def _member_stories(searcher, query: tantivy.Query) -> dict[int, set[int]]:
    """Return {story id: ids of the member documents ``query`` matches}."""
    total = searcher.search(query, limit=1, count=True).count
    if not total:
        return {}
    addresses = [a for _, a in searcher.search(query, limit=total, count=False).hits]
    found: dict[int, set[int]] = {}
    ids = searcher.fast_field_values("id", addresses)
    stories = searcher.fast_field_values("story", addresses)
    for pk, story in zip(ids, stories, strict=True):
        found.setdefault(int(story), set()).add(int(pk))
    return found


def all_ids(criteria, *, sort: str = "newest") -> list[int]:
    """Return every matching id in ``sort`` order (exports stream their rows from these)."""
    engine = _engine()
    searcher = engine.searcher()
    ids = _every_id(searcher, article_query(engine.schema, criteria), _order(criteria, sort))
    return standing(engine, searcher, criteria, ids)


def text_ids(text: str) -> list[int]:
    """Return the ids of every article, hidden ones and copies too, whose title or body
    matches ``text`` (the list's search syntax), newest first: the admin's phrase search."""
    engine = _engine()
    words = search_query(engine.schema, text)
    if words is None:
        return []
    own = all_of(words, term(engine.schema, "member", 1))  # not the stories' documents
    return _every_id(engine.searcher(), own, _order(None, "newest"))


def _every_id(searcher: tantivy.Searcher, query: tantivy.Query, order: dict) -> list[int]:
    total = searcher.search(query, limit=1, count=True).count
    if not total:
        return []
    found = searcher.search(query, limit=total, count=False, **order)
    return [int(v) for v in searcher.fast_field_values("id", [a for _, a in found.hits])]


def count(criteria) -> int:
    engine = _engine()
    return engine.searcher().search(article_query(engine.schema, criteria), limit=1).count


def overview(criteria, **options) -> Overview:
    """Return ``_overview`` for these criteria, from this process's cache when it can.

    Aggregating every match of a broad list (the unfiltered one: every article) is the
    costliest read, and it gives the same answer until the index commits again, so the
    answer is kept per index generation (``Engine.generation``); any commit makes every
    kept answer unreachable. ``settings.SEARCH_CACHE`` = 0 turns it off (the benchmark's
    cold figures).
    """
    engine = _engine()
    key = (str(engine.path), engine.generation(), criteria, tuple(sorted(options.items())))
    return _copy(_kept.answer(key, lambda: _overview(engine, criteria, **options)))


def overlap(criteria, other, *, leads: bool, granularity: str | None = None) -> Overview:
    """Return the total and periods of the matches of both ``criteria`` and ``other``.

    Both are read as stories (``leads``) or both as copies: the caller decides (compare's
    share: the base's setting). A period counts when it meets both criteria's dates (a
    story holds every copy's dates). Kept per index generation, as ``overview`` is.
    """
    engine = _engine()
    key = (str(engine.path), engine.generation(), "overlap", criteria, other, leads, granularity)
    return _copy(_kept.answer(key, lambda: _overlap(engine, criteria, other, leads, granularity)))


def _overlap(engine, criteria, other, leads: bool, granularity: str | None) -> Overview:
    query = all_of(
        article_query(engine.schema, criteria, leads=leads),
        article_query(engine.schema, other, leads=leads),
    )
    aggs: dict[str, dict] = {"total": {"value_count": {"field": "newest"}}}
    if granularity:
        field_name, interval, number, start = period_spec(granularity)
        aggs["periods"] = {
            "histogram": {"field": field_name, "interval": interval, "min_doc_count": 1}
        }
    answer = engine.searcher().aggregate(query, aggs)
    found = Overview(total=int(answer["total"]["value"] or 0))
    if granularity:
        found.periods = {
            start(int(b["key"])): int(b["doc_count"])
            for b in answer["periods"]["buckets"]
            if _in_dates(criteria, int(b["key"]), number)
            and _in_dates(other, int(b["key"]), number)
        }
    return found


def _copy(found: Overview) -> Overview:
    """Return a copy of a kept overview that its reader may change freely.

    Its lists and dicts are new; their entries (tuples of ints, dates) cannot change. A
    deep copy would give the same, but takes 50 ms for every official's count.
    """
    return Overview(
        total=found.total,
        facets={kind: list(entries) for kind, entries in found.facets.items()},
        periods=dict(found.periods),
        undated=found.undated,
    )


def _overview(
    engine: engines.Engine,
    criteria,
    *,
    facet_kinds: tuple[str, ...] = (),
    facet_limit: int = 12,
    granularity: str | None = None,
    leads: bool | None = None,
    sources_of_every_copy: bool = False,
    undated: bool = False,
) -> Overview:
    """Return the total, the top ``facet_limit`` (+ spare) entities of each kind, and periods.

    One aggregation request over every match. Entity kinds count non-suppressed mentions
    (focus ones only when the criteria ask for focus); ``source`` counts outlets, over
    every copy when ``sources_of_every_copy`` (a second request).
    """
    query = article_query(engine.schema, criteria, leads=leads)
    aggs: dict[str, dict] = {"total": {"value_count": {"field": "newest"}}}
    copies_aggs: dict[str, dict] = {}
    for kind in facet_kinds:
        wanted = copies_aggs if kind == "source" and sources_of_every_copy else aggs
        wanted[kind] = {
            "terms": {
                "field": facet_field(criteria, kind),
                "size": facet_limit + FACET_SPARE,
                "segment_size": SEGMENT_TERMS,
            }
        }
    if granularity:
        field_name, interval, number, start = period_spec(granularity)
        aggs["periods"] = {
            "histogram": {"field": field_name, "interval": interval, "min_doc_count": 1}
        }
    if undated:  # undated documents have the smallest ``newest`` keys
        aggs["undated"] = {
            "range": {"field": "when", "ranges": [{"to": float(schema.UNDATED_BELOW)}]}
        }
    searcher = engine.searcher()
    # The engine releases the GIL while it aggregates: the costliest kinds go to the
    # second core, so a broad list's aggregations run in parallel halves.
    requests = [(query, {k: v for k, v in aggs.items() if k not in _SECOND_CORE})]
    requests.append((query, {k: v for k, v in aggs.items() if k in _SECOND_CORE}))
    if copies_aggs:
        requests.append((article_query(engine.schema, criteria, leads=False), copies_aggs))
    found: dict = {}
    for part in _pool.map(lambda r: searcher.aggregate(*r) if r[1] else {}, requests):
        found.update(part)
    out = Overview(total=int(found["total"]["value"] or 0))
    if undated:
        buckets = found["undated"]["buckets"]  # none at all when nothing matches
        out.undated = int(buckets[0]["doc_count"]) if buckets else 0
    for kind in facet_kinds:
        out.facets[kind] = [(int(b["key"]), int(b["doc_count"])) for b in found[kind]["buckets"]]
    if granularity:
        out.periods = {
            start(int(b["key"])): int(b["doc_count"])
            for b in found["periods"]["buckets"]
            # A story holds every copy's dates: only the periods the filter reaches count.
            if _in_dates(criteria, int(b["key"]), number)
        }
    return out


def period_spec(granularity: str) -> tuple[str, int, Callable, Callable]:
    """Return (index field, histogram interval, a day's period number, a number's start day).

    A year is a bucket of twelve months: a histogram counts a document once per bucket,
    so a story with copies in two months of one year counts once in that year (exactly
    what the list for that year counts; a sum of months would count it twice).
    """
    if granularity == "year":
        return "month", 12, _year_number, _year_start
    number, start = schema.PERIOD_FIELDS[granularity]
    return granularity, 1, number, start


def _year_number(day: date) -> int:
    return day.year * 12  # the key of the year's bucket of month numbers


def _year_start(number: int) -> date:
    return date(number // 12, 1, 1)


def _in_dates(criteria, period: int, number) -> bool:
    """Return whether period ``period`` (numbered by ``number``) meets the criteria's dates."""
    if criteria.date_to and period > number(criteria.date_to):
        return False
    return not criteria.date_from or period >= number(criteria.date_from)


def facet_field(criteria, kind: str) -> str:
    if kind in FOCUS_FIELDS and criteria.focus:
        return FOCUS_FIELDS[kind]
    return kind


def entity_count(criteria, kind: str, entity_id: int, *, leads: bool | None = None) -> int:
    """Return how many matches carry one entity (a selected facet entry outside the top)."""
    engine = _engine()
    query = article_query(engine.schema, criteria, leads=leads)
    carrying = term(engine.schema, facet_field(criteria, kind), entity_id)
    return engine.searcher().search(all_of(query, carrying), limit=1).count


def keyset(
    criteria, *, descending: bool, after: int | None, backwards: bool, limit: int
) -> list[tuple[int, int]]:
    """Return up to ``limit`` matching (id, sort key) after the key ``after`` (before it,
    ``backwards``).

    The sort key is the ``newest`` key (``descending``) or the ``oldest`` one, as
    ``schema.newest_key``/``oldest_key`` make them from (published_at, id): an API page
    after any cursor costs what the first page does.
    """
    engine = _engine()
    query = article_query(engine.schema, criteria)
    name = "newest" if descending else "oldest"
    walk_down = descending != backwards
    if after is not None:
        low, high = (0, after) if walk_down else (after + 1, (1 << 64) - 1)
        query = all_of(query, unsigned_range(engine.schema, name, low, high))
    order = tantivy.Order.Desc if walk_down else tantivy.Order.Asc
    searcher = engine.searcher()
    result = searcher.search(query, limit=limit, count=False, order_by_field=name, order=order)
    addresses = [a for _, a in result.hits]
    if not addresses:
        return []
    ids = [int(pk) for pk in searcher.fast_field_values("id", addresses)]
    keys = searcher.fast_field_values(name, addresses)
    ids = standing(engine, searcher, criteria, ids)
    return [(pk, int(key)) for pk, key in zip(ids, keys, strict=True)]


def _order(criteria, sort: str) -> dict:
    if sort == "relevance" and criteria is not None and criteria.q:
        return {}
    if sort == "oldest":
        return {"order_by_field": "oldest", "order": tantivy.Order.Asc}
    return {"order_by_field": "newest", "order": tantivy.Order.Desc}
