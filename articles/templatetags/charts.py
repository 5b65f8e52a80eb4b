"""Server-side SVG charts, each with a text alternative (a description and a data table).

``{% timeline_chart series "Title" %}``: ``series`` is a list of (period, count) or
(period, count, url) — period a ``date`` (first day of its week or month) or a label.
"""

from __future__ import annotations

import itertools
from datetime import date

from django import template

register = template.Library()

WIDTH, HEIGHT = 720, 170
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 24
MAX_TICKS = 6
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


@register.inclusion_tag("includes/chart_timeline.html")
def timeline_chart(series, title="Articles over time", granularity=None):
    """Render ``series`` as an SVG bar chart with a summary and a data table."""
    items = [(s[0], int(s[1]), s[2] if len(s) > 2 else None) for s in series or []]
    periods = [p for p, _, _ in items]
    granularity = granularity or _granularity(periods)
    n = len(items)
    peak = max((c for _, c, _ in items), default=0)
    top = _nice_max(peak)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n if n else plot_w
    gap = min(2.0, slot * 0.2)
    bars, rows = [], []
    for i, (period, count, url) in enumerate(items):
        height = plot_h * count / top
        label = _label(period, granularity)
        bars.append(
            {
                "x": round(LEFT + i * slot + gap / 2, 2),
                "y": round(TOP + plot_h - height, 2),
                "width": round(max(slot - gap, 0.5), 2),
                "height": round(height, 2),
                "label": label,
                "count": count,
                "url": url,
            }
        )
        rows.append({"label": label, "count": count, "url": url})
    step = max(1, -(-n // MAX_TICKS))
    ticks = [
        {"x": round(LEFT + i * slot + slot / 2, 2), "label": bars[i]["label"]}
        for i in range(0, n, step)
    ]
    total = sum(c for _, c, _ in items)
    description = ""
    if n:
        best = max(items, key=lambda item: item[1])
        articles = "article" if total == 1 else "articles"
        periods = granularity if n == 1 else f"{granularity}s"
        first, last = _label(items[0][0], granularity), _label(items[-1][0], granularity)
        span = f"in {first}" if n == 1 else f"from {first} to {last}, {n} {periods}"
        description = f"{total:,} {articles} {span}; the most, {best[1]:,}, in {_label(best[0], granularity)}."
    return {
        "uid": f"chart-{next(_ids)}",
        "title": title,
        "description": description,
        "bars": bars,
        "rows": rows,
        "ticks": ticks,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "baseline": TOP + plot_h,
        "top": TOP,
        "top_value": top,
        "right": WIDTH - RIGHT,
        "tick_y": HEIGHT - 6,
        "granularity": granularity,
    }
