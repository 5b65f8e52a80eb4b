"""Who appears with whom, drawn as SVG: nodes on a circle, a line for each pair.

Pure (standard library only). The layout is deterministic: countries first, then
officials, each most mentioned first, clockwise from the top, with a gap between the two
kinds; labels run outward along each node's radius so thirty of them stay apart at a
phone's width. A node's area grows with its count; a line's width and opacity with the
pair's count. Countries are circles, officials squares (shape as well as colour).

The drawing is an image (``role="img"`` with a title and a description): it holds no
links. The page's table of pairs is the accessible way to each pair's list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

KINDS = ("country", "official")
KIND_NAMES = {"country": "country", "official": "official"}
MAX_EDGES = 150  # the strongest pairs drawn (the table and the CSV have every one)


@dataclass(frozen=True)
class Node:
    label: str
    kind: str  # "country" or "official"
    count: int


@dataclass(frozen=True)
class Edge:
    a: int  # index into the nodes
    b: int
    weight: int


@dataclass(frozen=True)
class Layout:
    """One drawing: its width (and height) in SVG units, label size and length, sizes."""

    name: str
    size: int
    font: int
    label_chars: int  # longer labels are cut with an ellipsis
    node_min: float  # radius of the least mentioned node
    node_max: float  # radius of the most mentioned
    edge_max: float  # width of the strongest line


# A phone (under 35rem: drawn ~330-560 px wide, labels ~10-16 px) and everything wider.
NARROW = Layout("narrow", 360, 11, 15, 2.5, 7.0, 5.0)
WIDE = Layout("wide", 720, 13, 24, 3.5, 12.0, 9.0)
LAYOUTS = (WIDE, NARROW)

# The standalone file's own styles (the page's come from the site's CSS).
STANDALONE_STYLE = (
    ".network-bg{fill:#fff}.network-edge{stroke:#5b6b80;fill:none}"
    ".network-country{fill:#0b5cad;stroke:#fff}.network-official{fill:#b35900;stroke:#fff}"
    ".network-label,.network-caption{fill:#1b1f24;font-family:system-ui,sans-serif}"
    ".network-caption{fill:#4a5360}"
)


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def order(nodes: Sequence[Node]) -> list[int]:
    """Return the node indexes in drawing order: countries then officials, most mentioned
    first, ties by label."""
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(
        range(len(nodes)),
        key=lambda i: (rank.get(nodes[i].kind, len(rank)), -nodes[i].count, nodes[i].label),
    )


def positions(nodes: Sequence[Node], layout: Layout) -> dict[int, tuple[float, float, float]]:
    """Return {node index: (x, y, angle in radians)} on the layout's circle."""
    drawn = order(nodes)
    slots, kind, slot = [], None, 0
    for i in drawn:
        if kind is not None and nodes[i].kind != kind:
            slot += 1  # a gap between the kinds
        kind = nodes[i].kind
        slots.append((i, slot))
        slot += 1
    total = slot + (1 if len({nodes[i].kind for i in drawn}) > 1 else 0)
    centre = layout.size / 2
    radius = _radius(layout, max((len(n.label) for n in nodes), default=0))
    out = {}
    for i, s in slots:
        angle = -math.pi / 2 + 2 * math.pi * s / max(total, 1)
        out[i] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    return out


def _radius(layout: Layout, longest: int) -> float:
    """Return the circle's radius: what the longest label (as cut) leaves of the drawing."""
    label = min(max(longest, 6), layout.label_chars) * layout.font * 0.58
    return layout.size / 2 - label - layout.node_max - 8


def _node_radius(count: int, peak: int, layout: Layout) -> float:
    share = math.sqrt(count / peak) if peak else 0
    return layout.node_min + (layout.node_max - layout.node_min) * share


def svg(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    layout: Layout = WIDE,
    title: str,
    description: str = "",
    uid: str = "network",
    standalone: bool = False,
    caption: Sequence[str] = (),
) -> str:
    """Return one SVG drawing (every label escaped: names are untrusted text).

    ``standalone`` gives a file of its own: its styles, a white background, a legend and
    the ``caption`` lines under the drawing.
    """
    size, font = layout.size, layout.font
    place = positions(nodes, layout)
    peak = max((n.count for n in nodes), default=0)
    strongest = sorted(edges, key=lambda e: (-e.weight, e.a, e.b))[:MAX_EDGES]
    heaviest = max((e.weight for e in strongest), default=0)
    line = font + 5
    extra = (len(caption) + 2) * line + 8 if standalone else 0
    height = size + extra
    labelled = f"{uid}-{layout.name}"
    parts = [
        f'<svg class="network-svg network-{layout.name}" viewBox="0 0 {size} {height}" '
        f'width="{size}" height="{height}" role="img" aria-labelledby="{labelled}-title'
        f'{f" {labelled}-desc" if description else ""}" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{font}">',
        f'<title id="{labelled}-title">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{labelled}-desc">{escape(description)}</desc>')
    if standalone:
        parts.append(f"<style>{STANDALONE_STYLE}</style>")
        parts.append(f'<rect class="network-bg" width="{size}" height="{height}"/>')
    centre = size / 2
    # Weakest first, so the strongest lines are drawn on top.
    for edge in reversed(strongest):
        if edge.a not in place or edge.b not in place:
            continue
        (x1, y1, _), (x2, y2, _) = place[edge.a], place[edge.b]
        # A curve bent towards the centre: lines between neighbours stay visible.
        cx = centre + ((x1 + x2) / 2 - centre) * 0.3
        cy = centre + ((y1 + y2) / 2 - centre) * 0.3
        share = edge.weight / heaviest if heaviest else 0
        width = 0.6 + (layout.edge_max - 0.6) * share
        parts.append(
            f'<path class="network-edge" d="M{x1:.1f} {y1:.1f}Q{cx:.1f} {cy:.1f} {x2:.1f} '
            f'{y2:.1f}" stroke-width="{width:.2f}" stroke-opacity="{0.25 + 0.6 * share:.2f}">'
            f"<title>{escape(nodes[edge.a].label)} and {escape(nodes[edge.b].label)}: "
            f"{edge.weight:,}</title></path>"
        )
    for i in order(nodes):
        node = nodes[i]
        x, y, angle = place[i]
        r = _node_radius(node.count, peak, layout)
        tip = f"<title>{escape(node.label)}: {node.count:,}</title>"
        if node.kind == "official":
            side = r * 1.77  # a square of the circle's area
            parts.append(
                f'<rect class="network-official" x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" '
                f'width="{side:.1f}" height="{side:.1f}">{tip}</rect>'
            )
        else:
            parts.append(
                f'<circle class="network-country" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
                f"{tip}</circle>"
            )
        # The label runs outward along the radius, upright on the left half.
        gap = layout.node_max + 4
        lx, ly = x + gap * math.cos(angle), y + gap * math.sin(angle)
        degrees = math.degrees(angle)
        left = math.cos(angle) < -1e-9
        if left:
            degrees += 180
        parts.append(
            f'<text class="network-label" x="{lx:.1f}" y="{ly:.1f}" dy=".35em" '
            f'text-anchor="{"end" if left else "start"}" '
            f'transform="rotate({degrees:.1f} {lx:.1f} {ly:.1f})">'
            f"{escape(_cut(node.label, layout.label_chars))}</text>"
        )
    if standalone:
        y = size + line
        parts.append(
            f'<circle class="network-country" cx="{font}" cy="{y - font * 0.35:.1f}" '
            f'r="{font * 0.4:.1f}"/><text class="network-caption" x="{font * 2}" y="{y}">'
            "country</text>"
            f'<rect class="network-official" x="{font * 8:.1f}" y="{y - font * 0.75:.1f}" '
            f'width="{font * 0.8:.1f}" height="{font * 0.8:.1f}"/>'
            f'<text class="network-caption" x="{font * 9.2:.1f}" y="{y}">official; a line '
            "joins two mentioned in the same articles, wider when more</text>"
        )
        for n, text in enumerate(caption, start=2):
            parts.append(
                f'<text class="network-caption" x="{font}" y="{size + n * line}">'
                f"{escape(text)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def describe(nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """Return the drawing's text alternative: what is drawn and the strongest pairs."""
    if len(nodes) < 2:
        return ""
    countries = sum(1 for n in nodes if n.kind == "country")
    officials = len(nodes) - countries
    top = sorted(edges, key=lambda e: (-e.weight, e.a, e.b))[:3]
    pairs = "; ".join(f"{nodes[e.a].label} and {nodes[e.b].label}, {e.weight:,}" for e in top)
    drawn = f"{countries} {'country' if countries == 1 else 'countries'} and {officials} "
    drawn += "official" if officials == 1 else "officials"
    if not pairs:
        return f"{drawn}; no two of them appear in the same articles."
    more = (
        f" ({min(len(edges), MAX_EDGES):,} of {len(edges):,} pairs drawn)"
        if len(edges) > MAX_EDGES
        else ""
    )
    return f"{drawn}, {len(edges):,} pairs{more}. Most often together: {pairs}."
