"""A timeline as vertical bars: one bar per period, from (period, count) pairs.

``svg(...)`` draws one drawing for a page (the site's CSS classes, ``role="img"``, no
links inside: the data table under the chart links every period, so nothing interactive
sits inside an image); ``standalone(...)`` draws a file to download (its own styles, a
white background, a title and caption lines under the chart).

Pure Python: every label is untrusted text and is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from .files import caption_block, document, wrap


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its size in SVG units, margins, ticks and label size."""

    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    max_ticks: int
    font: int


# A page's CSS shows one drawing by the chart's own width (a container query), so labels
# stay 11-15 px wherever the chart is placed: a phone, a list column, a full-width page.
# Narrow: under 35rem (a phone's 330-560 px).
NARROW = Layout("narrow", 360, 220, 44, 8, 12, 34, 3, 13)
# Wide: 35-60rem (560-960 px).
WIDE = Layout("wide", 720, 190, 52, 10, 12, 30, 6, 13)
# Extra wide: from 60rem (960 px and more).
XWIDE = Layout("xwide", 1100, 230, 56, 10, 12, 30, 10, 13)
LAYOUTS = (WIDE, NARROW, XWIDE)
# A downloaded file: one drawing, sized for a slide or a document.
FILE = Layout("file", 960, 300, 60, 16, 44, 30, 8, 13)


def period_label(period, granularity: str) -> str:
    """Return how a period is written: "Apr 2021" (month), "5 Apr 2021" (day, week)."""
    if isinstance(period, date):
        if granularity == "year":
            return period.strftime("%Y")
        return period.strftime("%b %Y") if granularity == "month" else period.strftime("%-d %b %Y")
    return str(period)


def granularity_of(periods: Sequence) -> str:
    """Return "month" when every period starts a month, else "week" (or "label")."""
    if not periods or not all(isinstance(p, date) for p in periods):
        return "label"
    return "month" if all(p.day == 1 for p in periods) and len(periods) > 1 else "week"


def nice_max(value: int) -> int:
    """Return a round axis maximum at or above ``value``, close to it: 101 gives 120, not 200.

    The steps of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k (as the compare lines'), whole
    numbers only: the highest bar fills at least three quarters of the axis.
    """
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    for tenths in (10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100):
        if (tenths * step) % 10 == 0 and tenths * step // 10 >= value:
            return tenths * step // 10
    return 10 * step


def short_number(value: int) -> str:
    """Return an axis label: 950, 12k, 1.5M (full figures are in the data table)."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1_000:g}k"
    return f"{value:,}"


def _marks(
    items: Sequence[tuple], granularity: str, layout: Layout, top: int, *, links: bool = False
) -> list[str]:
    """Return the axis, the bars and the tick labels of a drawing whose plot starts at ``top``
    (``links``: each bar with a url is a link, for the mouse only)."""
    n = len(items)
    peak = max((c for _, c, *_ in items), default=0)
    top_value = nice_max(peak)
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - layout.top - layout.bottom
    baseline = top + plot_h
    slot = plot_w / n if n else plot_w
    gap = min(2.0, slot * 0.2)
    parts = [
        f'<line class="axis" x1="{layout.left}" y1="{baseline}" x2="{layout.width - layout.right}"'
        f' y2="{baseline}"/>',
        f'<line class="grid" x1="{layout.left}" y1="{top}" '
        f'x2="{layout.width - layout.right}" y2="{top}"/>',
        f'<text class="tick" x="{layout.left - 5}" y="{top + layout.font * 0.35:.1f}" '
        f'text-anchor="end">{short_number(top_value)}</text>',
        f'<text class="tick" x="{layout.left - 5}" y="{baseline}" text-anchor="end">0</text>',
    ]
    for i, (period, count, *rest) in enumerate(items):
        height = plot_h * count / top_value
        label = escape(f"{period_label(period, granularity)}: {count:,}")
        bar = (
            f'<rect class="bar" x="{layout.left + i * slot + gap / 2:.2f}" '
            f'y="{baseline - height:.2f}" width="{max(slot - gap, 0.5):.2f}" '
            f'height="{height:.2f}"><title>{label}</title></rect>'
        )
        url = rest[0] if rest else None
        if links and url:
            bar = f'<a href="{escape(url)}" tabindex="-1">{bar}</a>'
        parts.append(bar)
    step = max(1, -(-n // layout.max_ticks))
    tick_y = baseline + layout.bottom - 8
    for i in range(0, n, step):
        x = layout.left + i * slot + slot / 2
        # Keep the first and last labels inside the drawing.
        anchor = "middle"
        if x < layout.left + layout.font * 3:
            anchor, x = "start", max(x - slot / 2, layout.left)
        elif x > layout.width - layout.right - layout.font * 3:
            anchor, x = "end", min(x + slot / 2, layout.width - layout.right)
        parts.append(
            f'<text class="tick" x="{x:.2f}" y="{tick_y}" text-anchor="{anchor}">'
            f"{escape(period_label(items[i][0], granularity))}</text>"
        )
    return parts


def svg(items: Sequence[tuple], granularity: str, layout: Layout, uid: str, title: str) -> str:
    """Return one page drawing of ``items`` ((period, count[, url]) tuples).

    Without urls: an image (``role="img"``) named by ``title``. With urls, each bar links
    to its period's list for the mouse, and the drawing is hidden from assistive
    technology (``aria-hidden``, links out of the tab order): an image may hold nothing
    interactive (axe's ``nested-interactive``), and the figure around it already says
    everything in text: its description, and the data table that links every period.
    """
    linked = any(len(item) > 2 and item[2] for item in items)
    head = 'aria-hidden="true"' if linked else f'role="img" aria-labelledby="{uid}-{layout.name}"'
    parts = [
        f'<svg class="chart-svg chart-{layout.name}" viewBox="0 0 {layout.width} '
        f'{layout.height}" {head} focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{layout.font}">',  # no style="": CSP
        "" if linked else f'<title id="{uid}-{layout.name}">{escape(title)}</title>',
        *_marks(items, granularity, layout, layout.top, links=linked),
        "</svg>",
    ]
    return "".join(parts)


def standalone(
    items: Sequence[tuple],
    granularity: str,
    *,
    title: str,
    caption: Sequence[str] = (),
    layout: Layout = FILE,
) -> str:
    """Return a whole SVG file of ``items``: own styles, white background, title, caption."""
    lines = wrap(caption, width=layout.width, left=layout.left)
    body_h = layout.height
    height = body_h + 12 + 18 * len(lines) + 10  # room under the last line's descenders
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        document(layout.width, height, title),
        f'<text class="title" x="{layout.left}" y="26">{escape(title)}</text>',
    ]
    if items:
        parts += _marks(items, granularity, layout, layout.top)
    else:
        parts.append(
            f'<text class="tick" x="{layout.left}" y="{layout.top + 30}">No dated articles.</text>'
        )
    parts += caption_block(lines, x=layout.left, y=body_h + 12)
    parts.append("</svg>\n")
    return "".join(parts)
