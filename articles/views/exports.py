"""``/articles/export.csv`` and ``/articles/export.jsonl``: the filtered list, all of it.

The rows are exactly the ones ``/articles/`` selects for the same parameters (one
FilterSet, one base queryset), with no cap. They stream from a server-side cursor, so the
first bytes leave at once and the process holds one chunk of rows at a time, whatever
the size of the export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.filtersets import ArticleFilterSet
from articles.selectors.export import (
    EXPORT_FIELDS,
    article_export_rows,
    export_filename,
    row_fields,
)

FLUSH_ROWS = 200  # rows joined into one chunk of the response
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}


class _Line:
    """A file-like object whose ``write`` returns what was written (for ``csv.writer``)."""

    def write(self, value: str) -> str:
        return value


# A cell opening with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and carriage return too: some strip them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Return ``value`` safe to open in a spreadsheet (OWASP's CSV injection advice).

    Text opening with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    apostrophe, which spreadsheets show as text rather than evaluate. Anything that is
    not text (the ids and numbers the export writes itself) is returned as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(fields: dict) -> list:
    """Return one CSV row: lists joined with ``;``, officials as their slugs.

    Every text cell passes through ``csv_cell``; the web export and ``export_articles``
    both write their rows here.
    """
    out = []
    for name in EXPORT_FIELDS:
        value = fields[name]
        if name == "officials":
            value = ";".join(o["slug"] for o in value)
        elif isinstance(value, list):
            value = ";".join(value)
        out.append("" if value is None else csv_cell(value))
    return out


def export_lines(rows: Iterable[dict], *, fmt: str) -> Iterator[str]:
    """Yield the export of ``rows`` (``article_rows`` dicts) in ``fmt``, header first for CSV."""
    if fmt == "csv":
        writer = csv.writer(_Line(), lineterminator="\r\n")
        yield writer.writerow(EXPORT_FIELDS)
        for row in rows:
            yield writer.writerow(csv_row(row_fields(row)))
    else:
        for row in rows:
            yield json.dumps(row_fields(row), ensure_ascii=False) + "\n"


def export_stream(rows: Iterable[dict], *, fmt: str, stats: dict | None = None) -> Iterator[bytes]:
    """Yield the export of ``rows`` (``article_export_rows``) in UTF-8 chunks.

    The rows are read inside a transaction, so PostgreSQL's cursor is a plain server-side
    one that sends rows as it finds them. ``stats["rows"]``, when given, counts the
    articles written.
    """
    stats = stats if stats is not None else {}
    stats["rows"] = 0

    def counted():
        for row in rows:
            stats["rows"] += 1
            yield row

    with transaction.atomic():
        buffer: list[str] = []
        for line in export_lines(counted(), fmt=fmt):
            buffer.append(line)
            if len(buffer) >= FLUSH_ROWS:
                yield "".join(buffer).encode()
                buffer.clear()
        if buffer:
            yield "".join(buffer).encode()


def filter_errors_response(filterset, what: str, *, ignore=()) -> HttpResponse | None:
    """Return a plain-text 400 listing each bad parameter and why, or None when all parse.

    Exports and feeds refuse instead of ignoring a filter: a file or feed that silently
    dropped one would hand over the wrong articles.
    """
    errors = {k: v for k, v in filterset.errors.items() if k not in ignore}
    if not errors:
        return None
    lines = [f"{name}: {reason}" for name, reasons in errors.items() for reason in reasons]
    return HttpResponse(
        f"The {what} was not made:\n" + "\n".join(lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_safe
def article_export(request, fmt: str):
    """Stream every article the list selects for these parameters, as CSV or JSON lines.

    A parameter that does not parse answers 400 with the reasons: an export that silently
    dropped a filter would hand over the wrong rows.
    """
    filterset = ArticleFilterSet(request.GET)
    if refused := filter_errors_response(filterset, "export", ignore=("page",)):
        return refused
    if request.method == "HEAD":
        response = HttpResponse(content_type=FORMATS[fmt])  # the headers, without the work
    else:
        rows = article_export_rows(criteria=filterset.criteria, sort=filterset.sort_order)
        response = StreamingHttpResponse(export_stream(rows, fmt=fmt), content_type=FORMATS[fmt])
    name = export_filename(params=filterset.params(), extension=fmt, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
