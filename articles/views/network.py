"""Who appears with whom: the co-occurrence network of any list state (``/network/``).

The page takes the list's own parameters (``/network/?country=ru&q=sanctions``): its
state is a permalink, and it links back to that list. Every pair links to the list of
the articles mentioning both, narrowed as a facet link narrows (``pair_url``), and the
number beside it is that list's count. Country and official pages draw their own
network through ``entity_network``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles.charts import network as drawing
from articles.filtersets import ArticleFilterSet
from articles.selectors import browse
from articles.selectors import network as reads

from . import downloads
from .lists import Links, _chips

ENTITY_NODES = 15  # a country's or official's page draws a smaller network
ENTITY_PAIRS = 10
_ids = count(1)  # ids for aria references, unique within a process
_STATE_DROPS = ("page", downloads.PARAM)


@dataclass
class PairRow:
    """A row of the pairs table: the pair and the list it opens (None: it cannot)."""

    pair: reads.Pair
    url: str | None


def pair_url(
    criteria: browse.ArticleCriteria, links: Links, *entries: tuple[str, str]
) -> str | None:
    """Return the /articles/ link of the matches that also carry every one of ``entries``.

    As ``lists.facet_url``: entries are added to the state, with ``match=all`` when one
    of them is of a kind the state (or another entry) already names, so the list narrows
    to the matches carrying all of them. None when that would change the list itself: a
    kind with several values matched with "any" (``match=all`` would require them all).
    """
    kinds = [kind for kind, _ in entries]
    needs_all = len(set(kinds)) < len(kinds) or any(getattr(criteria, k) for k in kinds)
    added = list(entries)
    if not needs_all or criteria.match_all:
        return reverse("articles:article_list") + Links.url([*links.params, *added])
    if any(len(getattr(criteria, k)) > 1 for k in browse.FACET_KINDS if k != "source"):
        return None
    kept = [(k, v) for k, v in links.params if k != "match"]
    return reverse("articles:article_list") + Links.url([*kept, ("match", "all"), *added])


def _drawings(network: reads.Network, *, title: str) -> tuple[str, str]:
    """Return the page's drawings (wide and phone) and their text alternative."""
    nodes, edges = _chart_data(network)
    description = drawing.describe(nodes, edges)
    uid = f"network-{next(_ids)}"
    svgs = "".join(
        drawing.svg(nodes, edges, layout=layout, title=title, description=description, uid=uid)
        for layout in drawing.LAYOUTS
    )
    return mark_safe(svgs), description  # noqa: S308 - drawing.svg escapes every label


def _chart_data(network: reads.Network) -> tuple[list[drawing.Node], list[drawing.Edge]]:
    index = {(n.kind, n.id): i for i, n in enumerate(network.nodes)}
    nodes = [drawing.Node(n.name, n.kind, n.count) for n in network.nodes]
    edges = [
        drawing.Edge(index[(p.a.kind, p.a.id)], index[(p.b.kind, p.b.id)], p.count)
        for p in network.pairs
    ]
    return nodes, edges


def _rows(network: reads.Network, criteria, links: Links, limit: int) -> list[PairRow]:
    return [
        PairRow(
            pair, pair_url(criteria, links, (pair.a.kind, pair.a.key), (pair.b.kind, pair.b.key))
        )
        for pair in network.pairs[:limit]
    ]


def _title(chips) -> str:
    if not chips:
        return "Who appears with whom in every article"
    return "Who appears with whom: " + "; ".join(chip.label for chip in chips)


def network_page(request):
    """Draw the list state's countries and officials and list its strongest pairs."""
    state = request.GET.copy()
    for name in _STATE_DROPS:
        state.pop(name, None)
    filterset = ArticleFilterSet(state)
    criteria = filterset.criteria
    links = Links([(k, v) for k, v in filterset.params() if k not in _STATE_DROPS])
    network = reads.network_read(criteria=criteria)
    chips = _chips(criteria, links)
    filters = "; ".join(chip.label for chip in chips)
    title = _title(chips)
    rows = _rows(network, criteria, links, len(network.pairs))

    def standalone(lines: list[str]) -> str:
        nodes, edges = _chart_data(network)
        return drawing.svg(
            nodes,
            edges,
            title=title,
            description=drawing.describe(nodes, edges),
            standalone=True,
            caption=lines,
        )

    base = request.build_absolute_uri(reverse("articles:article_list"))
    offered = [
        downloads.Download(
            name="network",
            title="who appears with whom: pairs of countries and officials in the same articles",
            columns=(
                "first_kind",
                "first",
                "first_name",
                "first_articles",
                "second_kind",
                "second",
                "second_name",
                "second_articles",
                "articles_together",
                "list_url",
            ),
            rows=[
                (
                    r.pair.a.kind,
                    r.pair.a.key,
                    r.pair.a.name,
                    r.pair.a.count,
                    r.pair.b.kind,
                    r.pair.b.key,
                    r.pair.b.name,
                    r.pair.b.count,
                    r.pair.count,
                    base + r.url.removeprefix(reverse("articles:article_list")) if r.url else "",
                )
                for r in rows
            ],
            svg=standalone if network.drawable else None,
        )
    ]
    answer = downloads.respond(request, offered, filters=filters)
    if answer is not None:
        return answer

    svgs, description = _drawings(network, title=title) if network.drawable else ("", "")
    node_rows = [(node, pair_url(criteria, links, (node.kind, node.key))) for node in network.nodes]
    here = links.current()
    context = {
        "criteria": criteria,
        "messages_ignored": list(filterset.ignored),
        "network": network,
        "chips": chips,
        "links": links,
        "svgs": svgs,
        "description": description,
        "title": title,
        "pair_rows": rows[: reads.PAIR_LIMIT],
        "pairs_unlinked": any(r.url is None for r in rows[: reads.PAIR_LIMIT]),
        "match_all_url": links.setting("match", "all"),
        "node_rows": node_rows,
        "list_url": reverse("articles:article_list") + (here if here != "?" else ""),
        "permalink": here if here != "?" else "",
        "csv_url": links.setting(downloads.PARAM, "network.csv"),
        "svg_url": links.setting(downloads.PARAM, "network.svg"),
        "pair_limit": reads.PAIR_LIMIT,
    }
    return render(request, "articles/network.html", context)


def entity_network(kind: str, entity: browse.Entity) -> dict:
    """Return the context of an entity page's own network (its list state: ``kind=key``)."""
    criteria = browse.ArticleCriteria(**{kind: (entity,)})
    links = Links([(kind, entity.key)])
    network = reads.network_read(criteria=criteria, limit=ENTITY_NODES)
    title = f"Who appears with {entity.name}"
    svgs, description = _drawings(network, title=title) if network.drawable else ("", "")
    return {
        "network": network,
        "network_svgs": svgs,
        "network_description": description,
        "network_rows": _rows(network, criteria, links, ENTITY_PAIRS),
        "network_url": reverse("articles:network") + links.current(),
        "network_name": entity.name,
    }
