"""Server-side SVG charts, each with a text alternative (a description and a data table).

``{% timeline_chart series "Title" %}``: ``series`` is a list of (period, count) or
(period, count, url) — period a ``date`` (first day of its week or month) or a label.

Each chart is drawn three times — for a phone, a column, a full-width page — with fewer
ticks on narrower drawings; CSS shows the one that fits the chart's width. An SVG scales
its text with its width, so one drawing cannot have readable labels at both 375 and 1400
pixels.
The SVG markup is built here rather than in a template loop: a year-long weekly chart
has hundreds of bars, and the template engine would spend more time on them than the
database spends counting them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


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


# CSS shows one drawing by the chart's own width (a container query), so labels stay
# 11-15 px wherever the chart is placed: a phone, a list column, a full-width page.
# Narrow: under 35rem (a phone's 330-560 px).
NARROW = Layout("narrow", 360, 220, 44, 8, 12, 34, 3, 13)
# Wide: 35-60rem (560-960 px).
WIDE = Layout("wide", 720, 190, 52, 10, 12, 30, 6, 13)
# Extra wide: from 60rem (960 px and more).
XWIDE = Layout("xwide", 1100, 230, 56, 10, 12, 30, 10, 13)
LAYOUTS = (WIDE, NARROW, XWIDE)
# Kept for callers that read the wide geometry.
WIDTH, HEIGHT = WIDE.width, WIDE.height
MAX_TICKS = WIDE.max_ticks
_ids = itertools.count(1)  # ids for aria references, unique within a process


def _label(period, granularity: str) -> str:
    if isinstance(period, date):
        return period.strftime("%b %Y") if granularity == "month" else period.strftime("%-d %b %Y")
    return str(period)


def _granularity(periods: list) -> str:
    """Return "month" when every period starts a month, else "week" (or "label")."""
    if not periods or not all(isinstance(p, date) for p in periods):
        return "label"
    return "month" if all(p.day == 1 for p in periods) and len(periods) > 1 else "week"


def _nice_max(value: int) -> int:
    """Return a round axis maximum at or above ``value`` (1, 2, 5 × 10^k)."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def _short_number(value: int) -> str:
    """Return an axis label: 950, 12k, 1.5M (full figures are in the data table)."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1_000:g}k"
    return f"{value:,}"


def _svg(items: list[tuple], granularity: str, layout: Layout, uid: str, title: str) -> str:
    """Return one SVG drawing of the bars (escaped: labels and urls are untrusted text)."""
    n = len(items)
    peak = max((c for _, c, _ in items), default=0)
    top_value = _nice_max(peak)
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - layout.top - layout.bottom
    baseline = layout.top + plot_h
    slot = plot_w / n if n else plot_w
    gap = min(2.0, slot * 0.2)
    parts = [
        f'<svg class="chart-svg chart-{layout.name}" viewBox="0 0 {layout.width} '
        f'{layout.height}" role="img" aria-labelledby="{uid}-{layout.name}" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{layout.font}">',  # no style="": CSP
        f'<title id="{uid}-{layout.name}">{escape(title)}</title>',
        f'<line class="axis" x1="{layout.left}" y1="{baseline}" x2="{layout.width - layout.right}"'
        f' y2="{baseline}"/>',
        f'<line class="grid" x1="{layout.left}" y1="{layout.top}" '
        f'x2="{layout.width - layout.right}" y2="{layout.top}"/>',
        f'<text class="tick" x="{layout.left - 5}" y="{layout.top + layout.font * 0.35:.1f}" '
        f'text-anchor="end">{_short_number(top_value)}</text>',
        f'<text class="tick" x="{layout.left - 5}" y="{baseline}" text-anchor="end">0</text>',
    ]
    for i, (period, count, url) in enumerate(items):
        height = plot_h * count / top_value
        label = escape(f"{_label(period, granularity)}: {count:,}")
        rect = (
            f'<rect class="bar" x="{layout.left + i * slot + gap / 2:.2f}" '
            f'y="{baseline - height:.2f}" width="{max(slot - gap, 0.5):.2f}" '
            f'height="{height:.2f}"><title>{label}</title></rect>'
        )
        if url:
            rect = f'<a href="{escape(url)}" tabindex="-1" aria-hidden="true">{rect}</a>'
        parts.append(rect)
    step = max(1, -(-n // layout.max_ticks))
    tick_y = layout.height - 8
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
            f"{escape(_label(items[i][0], granularity))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(items: list[tuple], granularity: str) -> SafeString:
    rows = []
    for period, count, url in items:
        label = escape(_label(period, granularity))
        head = f'<a href="{escape(url)}">{label}</a>' if url else label
        rows.append(f'<tr><th scope="row">{head}</th><td>{count:,}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.inclusion_tag("includes/chart_timeline.html")
def timeline_chart(series, title="Articles over time", granularity=None, note=""):
    """Render ``series`` as SVG bars (wide and phone drawings), a summary and a data table.

    ``note`` is added to the summary (e.g. that the chart covers only the newest matches).
    """
    items = [(s[0], int(s[1]), s[2] if len(s) > 2 else None) for s in series or []]
    periods = [p for p, _, _ in items]
    granularity = granularity or _granularity(periods)
    n = len(items)
    total = sum(c for _, c, _ in items)
    description = ""
    if n:
        best = max(items, key=lambda item: item[1])
        articles = "article" if total == 1 else "articles"
        periods_word = granularity if n == 1 else f"{granularity}s"
        first, last = _label(items[0][0], granularity), _label(items[-1][0], granularity)
        span = f"in {first}" if n == 1 else f"from {first} to {last}, {n} {periods_word}"
        description = (
            f"{total:,} {articles} {span}; the most, {best[1]:,}, in "
            f"{_label(best[0], granularity)}."
        )
    uid = f"chart-{next(_ids)}"
    alt = f"{title}: {description}"
    svgs = ""
    if n:
        svgs = mark_safe(  # noqa: S308 - _svg escapes every untrusted value
            "".join(_svg(items, granularity, layout, uid, alt) for layout in LAYOUTS)
        )
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "note": note,
        "svgs": svgs,
        "bars": items,
        "rows": _table(items, granularity) if n else "",
        "granularity": granularity,
    }
