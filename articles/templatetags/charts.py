"""Server-side SVG charts, each with a text alternative (a description and a data table).

``{% timeline_chart series "Title" %}``: ``series`` is a list of (period, count) or
(period, count, url) — period a ``date`` (first day of its week or month) or a label.
``download="timeline"`` adds links to the chart's CSV and SVG (``views/downloads.py``).

Each chart is drawn three times — for a phone, a column, a full-width page — with fewer
ticks on narrower drawings; CSS shows the one that fits the chart's width. An SVG scales
its text with its width, so one drawing cannot have readable labels at both 375 and 1400
pixels. The drawing itself is ``articles.charts.bars`` (pure, shared with the downloads):
a year-long weekly chart has hundreds of bars, and the template engine would spend more
time on them than the database spends counting them.
"""

from __future__ import annotations

import itertools

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.charts import bars

register = template.Library()
DOWNLOAD_PARAM = "download"  # views/downloads.PARAM (a view module: not imported here)

# Kept for callers that read the wide geometry.
LAYOUTS = bars.LAYOUTS
WIDTH, HEIGHT = bars.WIDE.width, bars.WIDE.height
MAX_TICKS = bars.WIDE.max_ticks
_label = bars.period_label
_granularity = bars.granularity_of
_nice_max = bars.nice_max
_ids = itertools.count(1)  # ids for aria references, unique within a process


def _table(items: list[tuple], granularity: str) -> SafeString:
    rows = []
    for period, count, url in items:
        label = escape(_label(period, granularity))
        head = f'<a href="{escape(url)}">{label}</a>' if url else label
        rows.append(f'<tr><th scope="row">{head}</th><td>{count:,}</td></tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.inclusion_tag("includes/chart_timeline.html", takes_context=True)
def timeline_chart(
    context, series, title="Articles over time", granularity=None, note="", download=""
):
    """Render ``series`` as SVG bars (wide and phone drawings), a summary and a data table.

    ``note`` is added to the summary (e.g. that the chart covers only the newest matches);
    ``download`` names the chart's download on its page (links to its CSV and SVG).
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
        svgs = mark_safe(  # noqa: S308 - bars.svg escapes every untrusted value
            "".join(bars.svg(items, granularity, layout, uid, alt) for layout in LAYOUTS)
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
        "downloads": download_links(context, download, "the timeline") if download and n else "",
    }


@register.simple_tag(takes_context=True)
def download_links(context, name: str, what: str) -> SafeString:
    """Return "Download: CSV · SVG" links to a chart or table of this page (``what`` names it
    for screen readers: "Download the timeline as CSV").

    Each link is the page's own URL, state unchanged, with ``download=<name>.<format>``.
    """
    request = context.get("request")
    if request is None or not name:
        return mark_safe("")
    links = []
    for fmt in ("csv", "svg"):
        query = request.GET.copy()
        query[DOWNLOAD_PARAM] = f"{name}.{fmt}"
        links.append(
            format_html(
                '<a href="?{}" download rel="nofollow" aria-label="Download {} as {}">{}</a>',
                query.urlencode(),
                what,
                fmt.upper(),
                fmt.upper(),
            )
        )
    return format_html('<p class="downloads">Download: {} · {}</p>', *links)
