"""The export's text: CSV (safe to open in a spreadsheet) or JSON lines, streamed in chunks.

Written here, below the views, so that ``/articles/export.*`` and ``export_articles``
write the same bytes from the same rows (``selectors.export.article_export_rows``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db import transaction

from articles.selectors.export import EXPORT_FIELDS, row_fields
from articles.selectors.reading import read_connection

FLUSH_ROWS = 200  # rows joined into one chunk of the response


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


def columns(*, body: bool = False) -> tuple[str, ...]:
    """Return the export's columns: the contract's fields, then ``body`` when asked for."""
    return EXPORT_FIELDS + (("body",) if body else ())


def csv_row(fields: dict, names: tuple[str, ...] = EXPORT_FIELDS) -> list:
    """Return one CSV row of ``names``: lists joined with ``;``, officials as their slugs.

    Every text cell passes through ``csv_cell``; the web export and ``export_articles``
    both write their rows here.
    """
    out = []
    for name in names:
        value = fields[name]
        if name == "officials":
            value = ";".join(o["slug"] for o in value)
        elif isinstance(value, list):
            value = ";".join(value)
        out.append("" if value is None else csv_cell(value))
    return out


def export_lines(rows: Iterable[dict], *, fmt: str, body: bool = False) -> Iterator[str]:
    """Yield the export of ``rows`` (``article_rows`` dicts) in ``fmt``, header first for CSV
    (``body``: the rows carry the cleaned text, and CSV gets its column)."""
    if fmt == "csv":
        names = columns(body=body)
        writer = csv.writer(_Line(), lineterminator="\r\n")
        yield writer.writerow(names)
        for row in rows:
            yield writer.writerow(csv_row(row_fields(row), names))
    else:
        for row in rows:
            yield json.dumps(row_fields(row), ensure_ascii=False) + "\n"


def export_stream(
    rows: Iterable[dict], *, fmt: str, stats: dict | None = None, body: bool = False
) -> Iterator[bytes]:
    """Yield the export of ``rows`` (``article_export_rows``) in UTF-8 chunks.

    The rows are read inside a transaction, so PostgreSQL's cursor is a plain server-side
    one that sends rows as it finds them; ``body`` as for ``export_lines``. ``stats["rows"]``, when given, counts the
    articles written.
    """
    stats = stats if stats is not None else {}
    stats["rows"] = 0

    def counted():
        for row in rows:
            stats["rows"] += 1
            yield row

    # On the database the rows are read from: a replica for a public request's export.
    with transaction.atomic(using=read_connection().alias):
        buffer: list[str] = []
        for line in export_lines(counted(), fmt=fmt, body=body):
            buffer.append(line)
            if len(buffer) >= FLUSH_ROWS:
                yield "".join(buffer).encode()
                buffer.clear()
        if buffer:
            yield "".join(buffer).encode()
