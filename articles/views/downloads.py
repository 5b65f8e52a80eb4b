"""Downloads of a page's charts and tables: every chart and facet table as CSV and SVG.

The convention: a chart or table downloads from its page's own URL, state unchanged, with
``download=<name>.<format>`` added, e.g. ``/articles/?country=ru&download=timeline.csv``
or ``/countries/ru/?download=facet-topic.svg``. A page offers a fixed set of names;
an unknown name or format answers 400 with the names it offers (never a 500).

Every file carries a caption: what it shows, the filters it was drawn with, the page's
permalink and when it was made. In CSV the caption is leading ``#`` lines (pandas:
``read_csv(path, comment="#")``; spreadsheets show them as the first rows); in SVG it is
text under the drawing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

from articles.charts import bars
from articles.charts import ranked as ranked_drawing
from articles.selectors.export_formats import csv_cell

FORMATS = ("csv", "svg")
_NAME = re.compile(r"^([a-z0-9][a-z0-9-]{0,60})\.([a-z]{3,4})$")
PARAM = "download"


@dataclass(frozen=True)
class Download:
    """One downloadable chart or table of a page.

    ``columns`` and ``rows`` are the CSV (plain values, numbers exact); ``svg`` draws the
    standalone SVG from the caption lines (None: this one has no drawing, CSV only).
    """

    name: str
    title: str
    columns: Sequence[str]
    rows: Iterable[Sequence[object]]
    svg: Callable[[list[str]], str] | None = None


def requested(request) -> tuple[str, str] | None:
    """Return (name, format) when the request asks for a download, else None.

    A malformed value is returned as ("", value) so ``respond`` answers it with a 400; an
    empty one (``download=``) asks for nothing, as an empty parameter does everywhere.
    """
    value = request.GET.get(PARAM)
    if not value:
        return None
    found = _NAME.match(value)
    return (found.group(1), found.group(2)) if found else ("", value)


def caption(title: str, *, filters: str, permalink: str) -> list[str]:
    """Return the caption lines of a download: what, filtered by what, where, when."""
    made = timezone.now().strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"Newsroom: {title}",
        f"Filters: {filters or 'none (every public article)'}",
        f"Page: {permalink}",
        f"Made: {made}; every count is exact",
    ]


def respond(request, offered: Sequence[Download], *, filters: str) -> HttpResponse | None:
    """Answer the download the request asks for, or None when it asks for none.

    ``filters`` describes the page's state in words for the caption.
    """
    wanted = requested(request)
    if wanted is None:
        return None
    name, fmt = wanted
    chosen = next((d for d in offered if d.name == name), None)
    if chosen is None or fmt not in FORMATS or (fmt == "svg" and chosen.svg is None):
        names = ", ".join(
            f"{d.name}.{f}" for d in offered for f in FORMATS if f == "csv" or d.svg is not None
        )
        return HttpResponse(
            f"Unknown download “{request.GET.get(PARAM, '')[:80]}”: this page offers {names}.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    query = request.GET.copy()
    query.pop(PARAM, None)
    permalink = request.build_absolute_uri(
        request.path + (f"?{query.urlencode()}" if query else "")
    )
    lines = caption(chosen.title, filters=filters, permalink=permalink)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for line in lines:
            out.write("# " + " ".join(line.split()) + "\n")
        writer.writerow(chosen.columns)
        writer.writerows([csv_cell(value) for value in row] for row in chosen.rows)
        body, content_type = out.getvalue(), "text/csv; charset=utf-8"
    else:
        body, content_type = chosen.svg(lines), "image/svg+xml; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="newsroom-{name}.{fmt}"'
    return response


# --- what pages offer -----------------------------------------------------------------------


def _absolute(request, url: str | None) -> str:
    return request.build_absolute_uri(url) if url else ""


def timeline(request, *, title: str, series: Sequence[tuple], granularity: str) -> Download:
    """Return a page's timeline download: one row per period (start, count, its list).

    ``series`` is what the page charts: (period start, count, url of that period's list).
    """
    items = list(series)
    return Download(
        name="timeline",
        title=title,
        columns=(f"{granularity}_start", "articles", "list"),
        rows=[
            (start.isoformat(), count, _absolute(request, rest[0] if rest else None))
            for start, count, *rest in items
        ],
        svg=lambda lines: bars.standalone(items, granularity, title=title, caption=lines),
    )


def ranked(request, *, name: str, title: str, items: Sequence[tuple]) -> Download:
    """Return a facet table's download: one row per entry as the page ranks them.

    ``items`` are (name, key, count, url of the list its count opens) in the page's order.
    """
    entries = list(items)
    return Download(
        name=name,
        title=title,
        columns=("rank", "name", "key", "articles", "list"),
        rows=[
            (i, label, key, count, _absolute(request, url))
            for i, (label, key, count, url) in enumerate(entries, start=1)
        ],
        svg=lambda lines: ranked_drawing.standalone(
            [(label, count) for label, _, count, _ in entries], title=title, caption=lines
        ),
    )
