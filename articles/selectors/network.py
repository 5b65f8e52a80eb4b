"""Who appears with whom in a list: its most mentioned countries and officials and how
often each two appear in the same matching articles.

Every number is exact and is the count of a list: a node's is what its facet entry counts
(the matches carrying it), a pair's what ``/articles/?<state>&<a>&<b>&match=all`` lists
(``articles.search.cooccurrence``). The entities the list is filtered by and that every
match carries (a single country, or several with ``match=all``) are left out of the
drawing: they would be joined to everything by their own count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.choices import OfficialStatus
from articles.search import cooccurrence, results
from articles.selectors.browse import ArticleCriteria, Entity
from articles.selectors.reading import read_connection

KINDS = ("country", "official")
NODE_LIMIT = 30
PAIR_LIMIT = 50  # the strongest pairs the page's table lists (the CSV has every pair)


@dataclass(frozen=True)
class Node:
    """A country or an official with the number of matches mentioning it."""

    kind: str
    id: int
    key: str  # the /articles/ parameter value: lower-case ISO alpha-2 or slug
    name: str
    count: int
    unconfirmed: bool = False


@dataclass(frozen=True)
class Pair:
    """Two nodes and the number of matches mentioning both."""

    a: Node
    b: Node
    count: int


@dataclass
class Network:
    """The nodes (most mentioned first) and every pair matches carry (strongest first)."""

    total: int
    nodes: list[Node] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    implied: list[Entity] = field(default_factory=list)  # in every match: not drawn

    @property
    def drawable(self) -> bool:
        return len(self.nodes) >= 2


def implied_entities(criteria: ArticleCriteria) -> list[Entity]:
    """Return the chosen countries and officials every match carries."""
    out = []
    for kind in KINDS:
        chosen = getattr(criteria, kind)
        if chosen and (criteria.match_all or len(chosen) == 1):
            out += list(chosen)
    return out


def network_read(*, criteria: ArticleCriteria, limit: int = NODE_LIMIT) -> Network:
    """Return the ``limit`` most mentioned countries and officials of the matches and the
    number of matches carrying each two of them.

    One index request for the nodes, one small one per node for the pairs, one statement
    naming the nodes. Ties are ordered by name.
    """
    implied = implied_entities(criteria)
    skip = {(kind, e.id) for kind in KINDS for e in getattr(criteria, kind) if e in implied}
    found = results.overview(criteria, facet_kinds=KINDS, facet_limit=limit + sum(1 for _ in skip))
    counted = [
        (kind, pk, n)
        for kind in KINDS
        for pk, n in found.facets[kind]
        if n and (kind, pk) not in skip
    ]
    names = _names(counted)
    nodes = [
        Node(kind, pk, names[(kind, pk)][0], names[(kind, pk)][1], n, names[(kind, pk)][2])
        for kind, pk, n in counted
        if (kind, pk) in names
    ]
    nodes.sort(key=lambda node: (-node.count, node.name, node.kind))
    del nodes[limit:]
    network = Network(total=found.total, nodes=nodes, implied=implied)
    counts = cooccurrence.pair_counts(criteria, [(node.kind, node.id) for node in nodes])
    network.pairs = sorted(
        (Pair(nodes[i], nodes[j], n) for (i, j), n in counts.items()),
        key=lambda pair: (-pair.count, pair.a.name, pair.b.name),
    )
    return network


def _names(counted: list[tuple[str, int, int]]) -> dict[tuple[str, int], tuple]:
    """Return {(kind, id): (key, name, unconfirmed)}; rejected and merged officials are left
    out (a merged one's slug opens the official it was merged into). One statement."""
    countries = [pk for kind, pk, _ in counted if kind == "country"]
    officials = [pk for kind, pk, _ in counted if kind == "official"]
    if not countries and not officials:
        return {}
    with read_connection().cursor() as cursor:
        cursor.execute(
            """SELECT 'country', id, lower(iso2), name, false FROM articles_country
               WHERE id = ANY(%s)
               UNION ALL
               SELECT 'official', id, slug, name, status = %s FROM articles_official
               WHERE id = ANY(%s) AND status <> %s AND merged_into_id IS NULL""",
            [countries, OfficialStatus.CANDIDATE, officials, OfficialStatus.REJECTED],
        )
        return {(kind, pk): (key, name, bool(u)) for kind, pk, key, name, u in cursor.fetchall()}
