"""Who appears with whom: exact counts of the matches that carry two entities at once.

A pair's number is the number of the list's matches that carry both entities, counted as
the list counts (stories or every copy, focus mentions when the list asks for focus), so
it equals the count of the list ``/articles/?<state>&<kind>=<a>&<kind>=<b>&match=all``.

One small aggregation per entity, over the matches carrying it: a range aggregation of
one bucket per other entity (``[id, id + 1)`` on the entity field, which holds each id at
most once per document, so a bucket's count is a count of documents). Each pair is counted
from the side of the rarer entity (the cheaper query). The aggregations run on the search
pool's threads (the engine releases the GIL).
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.search import results
from articles.search.kept import Kept
from articles.search.query import all_of, article_query, term

CACHE_SIZE = 64  # networks kept per process (each a few hundred numbers)

_kept = Kept(CACHE_SIZE)


def pair_counts(criteria, nodes: Sequence[tuple[str, int]]) -> dict[tuple[int, int], int]:
    """Return {(i, j): n} for i < j: the matches of ``criteria`` carrying nodes i and j.

    ``nodes`` are (kind, id) with kind an entity field (``country``, ``official``…),
    best given most frequent first. Pairs no match carries are left out. Kept per index
    generation, as ``results.overview`` keeps its answers.
    """
    if len(nodes) < 2:
        return {}
    engine = results._engine()
    key = (str(engine.path), engine.generation(), criteria, tuple(nodes))
    return dict(_kept.answer(key, lambda: _pair_counts(engine, criteria, list(nodes))))


def _pair_counts(engine, criteria, nodes: list[tuple[str, int]]) -> dict[tuple[int, int], int]:
    query = article_query(engine.schema, criteria)
    searcher = engine.searcher()
    requests = []
    # Node j's request counts its pairs with every node before it (the more frequent ones).
    for j in range(1, len(nodes)):
        kind, pk = nodes[j]
        carrying = all_of(query, term(engine.schema, results.facet_field(criteria, kind), pk))
        aggs = {}
        for other in sorted({k for k, _ in nodes[:j]}):
            ids = sorted({p for k, p in nodes[:j] if k == other})
            aggs[other] = {
                "range": {
                    "field": results.facet_field(criteria, other),
                    "ranges": [{"from": float(p), "to": float(p + 1)} for p in ids],
                }
            }
        requests.append((j, carrying, aggs))

    def run(request):
        j, carrying, aggs = request
        return j, searcher.aggregate(carrying, aggs)

    index = {node: i for i, node in enumerate(nodes)}
    out: dict[tuple[int, int], int] = {}
    for j, found in results._pool.map(run, requests):
        for other, agg in found.items():
            for bucket in agg["buckets"]:
                low, high, n = bucket.get("from"), bucket.get("to"), int(bucket["doc_count"])
                # Only the asked buckets (the engine adds the gaps between them).
                if not n or low is None or high != low + 1:
                    continue
                i = index.get((other, int(low)))
                if i is not None and i < j:
                    out[(i, j)] = n
    return out
