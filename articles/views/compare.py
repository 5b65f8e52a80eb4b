"""/compare/: up to six list states on one timeline, as counts and as shares of coverage.

The contract (docs/architecture.md): each series is one ``s`` parameter holding a
URL-encoded list state (``/compare/?s=country%3Dru&s=country%3Dcn&interval=month``);
``interval`` day, week, month or year (default: chosen from the span); ``base`` another
list state for the shares (default: every published article, one per story); ``show``
``count`` (default) or ``share``. Bad values are ignored with a message, never a 500.

The form's rows (``row-N-q``, ``row-N-country``, ``row-N-state``) are turned into ``s``
parameters by a redirect, so the page that answers is always a permalink.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.charts import lines as draw
from articles.filtersets import CompareQuery, compare_parse, list_state, state_read
from articles.selectors.compare import (
    INTERVALS,
    MAX_SERIES,
    Comparison,
    base_counts_stories,
    compare_read,
    window,
)

from . import downloads
from .downloads import Download

EXAMPLES = (
    ("Russia and China", [("s", "country=ru"), ("s", "country=cn")]),
    ("“sanctions” and “ceasefire”", [("s", "q=sanctions"), ("s", "q=ceasefire")]),
    ("Syria, Iraq and Iran, as a share of all coverage",
     [("s", "country=sy"), ("s", "country=iq"), ("s", "country=ir"), ("show", "share")]),
)  # fmt: skip
INTERVAL_NAMES = {"day": "Day", "week": "Week (from Monday)", "month": "Month", "year": "Year"}


def period_label(start, interval: str) -> str:
    if interval == "year":
        return str(start.year)
    if interval == "month":
        return start.strftime("%b %Y")
    return start.strftime("%-d %b %Y")


def _url(params: list[tuple[str, str]]) -> str:
    return reverse("articles:compare") + ("?" + urlencode(params) if params else "")


def _list_url(state: str, extra: list[tuple[str, str]] = ()) -> str:
    """Return the list of a series; with ``extra`` dates, within those dates instead."""
    dropped = ("date_from", "date_to", "undated") if extra else ()
    params = [(k, v) for k, values in QueryDict(state).lists() for v in values if k not in dropped]
    return reverse("articles:article_list") + "?" + urlencode([*params, *extra])


def form_states(data) -> list[tuple[str, str]] | None:
    """Return the ``s`` (and other) parameters the form's rows ask for; None: no form."""
    rows = sorted(
        {key.split("-")[1] for key in data if key.startswith("row-") and key.count("-") == 2}
    )
    if not rows:
        return None
    out = []
    for row in rows:
        state = list_state(data.get(f"row-{row}-state", ""))
        if not state:
            simple = [
                (name, data.get(f"row-{row}-{name}", "").strip()) for name in ("q", "country")
            ]
            state = urlencode([(k, v) for k, v in simple if v])
        if state:
            filterset, problems = state_read(state)
            # The permalink holds the canonical state; a bad one as typed (the page says why).
            out.append(("s", state if problems else urlencode(filterset.params())))
    for name in ("interval", "show"):
        if data.get(name):
            out.append((name, data[name]))
    base = list_state(data.get("base", ""))
    if base:
        out.append(("base", base))
    return out


def _form_rows(query: CompareQuery) -> list[dict]:
    """Return the form's rows: one per series (simple fields when they say it all) + blanks."""
    rows = []
    for spec in query.specs:
        data = QueryDict(spec.state)
        simple = set(data) <= {"q", "country"} and len(data.getlist("country")) <= 1
        rows.append(
            {
                "q": data.get("q", "") if simple else "",
                "country": data.get("country", "") if simple else "",
                "state": "" if simple else spec.state,
            }
        )
    blank = {"q": "", "country": "", "state": ""}
    rows += [dict(blank) for _ in range(max(1, 2 - len(rows)))][: MAX_SERIES - len(rows)]
    return [{"number": i, "title": f"Series {i + 1}", **row} for i, row in enumerate(rows)]


def _table(comparison: Comparison) -> list[dict]:
    """Return the table's rows: per period, each series' point, its list's URL and share.

    Built for 180 months × 6 series: each series' list URL is made once and each cell adds
    its dates to it.
    """
    prefixes, merged = [], []
    for series in comparison.series:
        undated = _list_url(series.state, [("date_from", "")])  # the state without its dates
        prefixes.append(undated[: -len("date_from=")])
        both = None
        if series.merged_state is not None:
            both = _list_url(series.merged_state, [("date_from", "")])[: -len("date_from=")]
        merged.append(both)
    rows = []
    for index, (start, end) in enumerate(comparison.periods):
        cells = []
        for series, prefix, both in zip(comparison.series, prefixes, merged, strict=True):
            point = series.points[index] if series.points else None
            url = both_url = None
            if point is not None and not point.outside:
                url = (
                    f"{prefix}date_from={point.since.isoformat()}&date_to={point.until.isoformat()}"
                )
                dated = both and not series.merged.undated  # undated: no cell's dates
                days = window(series.merged, start, end) if dated else None
                if days:
                    both_url = (
                        f"{both}date_from={days[0].isoformat()}&date_to={days[1].isoformat()}"
                    )
            shown = "–" if point is None or point.share is None else f"{point.share:.2%}"
            cells.append({"point": point, "url": url, "share": shown, "both_url": both_url})
        rows.append({"start": start, "end": end, "cells": cells})
    return rows


def _table_html(rows: list[dict], interval: str) -> SafeString:
    """Return the table body's markup (a template loop over 1,000 cells costs 100 ms)."""
    out = []
    for row in rows:
        cells = "".join(_cell_html(cell) for cell in row["cells"])
        out.append(
            f'<tr><th scope="row">{escape(period_label(row["start"], interval))}</th>{cells}</tr>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped or a number above


def _cell_html(cell: dict) -> str:
    """Return one cell: the count, and the base's articles it shares where they differ."""
    if not cell["url"]:
        return "<td>–</td>"
    point = cell["point"]
    out = f'<td><a href="{escape(cell["url"])}">{point.count:,}</a> '
    if point.in_base != point.count and point.base:  # no base: no share to explain
        both = f"{point.in_base:,}"
        if cell["both_url"]:
            both = f'<a href="{escape(cell["both_url"])}">{both}</a>'
        out += f'<span class="in-base">({both} in the base)</span> '
    return out + f'<span class="share">{cell["share"]}</span></td>'


def _offered(comparison: Comparison, query: CompareQuery, title: str) -> list[Download]:
    share = query.show == "share"
    labels = [period_label(start, comparison.interval) for start, _ in comparison.periods]
    lines = _lines(comparison, share)
    rows = [
        (
            point.start.isoformat(),
            point.end.isoformat(),
            series.label,
            series.state,
            point.count,
            point.base,
            point.in_base,
            "" if point.share is None else round(point.share, 6),
        )
        for series in comparison.series
        for point in series.points
    ]
    columns = ("period_start", "period_end", "series", "state", "count", "base", "in_base", "share")
    return [
        Download(
            name="compare",
            title=title,
            columns=columns,
            rows=rows,
            svg=lambda caption: draw.standalone(
                lines, labels, title=title, share=share, caption=caption
            ),
        )
    ]


def _lines(comparison: Comparison, share: bool) -> list[draw.Line]:
    """Return one line per series, in order (an undated series draws nothing, keeps its style)."""
    empty = [None] * len(comparison.periods)
    return [
        draw.Line(
            series.label,
            [None if p.outside else (p.share if share else float(p.count)) for p in series.points]
            or empty,
        )
        for series in comparison.series
    ]


def compare(request):
    """Show up to six list states on one timeline, with a table, downloads and a form."""
    built = form_states(request.GET)
    if built is not None:
        return HttpResponseRedirect(_url(built))
    data = request.GET.copy()
    data.pop(downloads.PARAM, None)
    query = compare_parse(data)
    messages = query.messages
    try:
        comparison = compare_read(specs=query.specs, interval=query.interval, base=query.base)
    except ValueError as exc:
        messages.append(f"Ignored interval “{query.interval}”: {exc}.")
        query.interval = None
        comparison = compare_read(specs=query.specs, base=query.base)
    share = query.show == "share"
    what = f"share of {comparison.base_label}" if share else "articles"
    title = f"{what[0].upper()}{what[1:]} per {comparison.interval}: " + " vs ".join(
        s.label for s in comparison.series
    )
    if query.specs:
        filters = "; ".join(f"series {i}: {s.state or 'all'}" for i, s in enumerate(query.specs, 1))
        if query.base_state:
            filters += f"; base: {query.base_state}"
        answer = downloads.respond(request, _offered(comparison, query, title), filters=filters)
        if answer is not None:
            return answer
    states = [spec.state for spec in query.specs]
    styles = draw.STYLES
    legend = [
        {
            "series": series,
            "colour": styles[i % len(styles)][0],
            "dash": styles[i % len(styles)][1],
            "list_url": _list_url(series.state),
            "remove_url": _url(query.params(states=[s for s in states if s != series.state])),
        }
        for i, series in enumerate(comparison.series)
    ]
    labels = [period_label(start, comparison.interval) for start, _ in comparison.periods]
    table = _table(comparison)
    context = {
        "query": query,
        "comparison": comparison,
        "messages_ignored": messages,
        "legend": legend,
        "title": title,
        # lines.drawings escapes every label and title.
        "svgs": mark_safe(  # noqa: S308
            draw.drawings(_lines(comparison, share), labels, title=title, share=share)
        ),
        "share": share,
        "table": table,
        "table_html": _table_html(table, comparison.interval),
        "interval_name": INTERVAL_NAMES[comparison.interval],
        "permalink": _url(query.params()),
        "count_url": _url(query.params(show="count")),
        "share_url": _url(query.params(show="share")),
        # Only the intervals that fit the span (day over 15 years would be 5,000 periods).
        "intervals": [
            (name, INTERVAL_NAMES[name], _url(query.params(interval=name)))
            for name in INTERVALS
            if comparison.fits(name)
        ],
        "auto_url": _url(query.params(interval=None)),
        "download_csv": _url([*query.params(), (downloads.PARAM, "compare.csv")]),
        "download_svg": _url([*query.params(), (downloads.PARAM, "compare.svg")]),
        "rows": _form_rows(query),
        "max_series": MAX_SERIES,
        "examples": [(label, _url(params)) for label, params in EXAMPLES],
        "base_value": query.base_state,
        "undated_total": sum(s.undated for s in comparison.series),
        "base_counts_stories": base_counts_stories(query.base),
        # Series whose cells' "in the base" counts link nowhere, and why.
        "unmerged": [
            (s.label, s.unmerged_reason)
            for s in comparison.series
            if s.merged_state is None
            and any(p.in_base != p.count and p.base and not p.outside for p in s.points)
        ],
    }
    return render(request, "articles/compare.html", context)
