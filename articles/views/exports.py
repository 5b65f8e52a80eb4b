"""``/articles/export.csv`` and ``/articles/export.jsonl``: the filtered list, all of it.

The rows are exactly the ones ``/articles/`` selects for the same parameters (one
FilterSet, one base queryset), with no cap. They stream from a server-side cursor, so the
first bytes leave at once and the process holds one chunk of rows at a time, whatever
the size of the export.
"""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.filtersets import ArticleFilterSet
from articles.selectors.export import article_export_rows, export_filename, parse_fields
from articles.selectors.export_formats import export_stream

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}


def filter_errors_response(
    filterset, what: str, *, ignore=(), more: dict | None = None
) -> HttpResponse | None:
    """Return a plain-text 400 listing each bad parameter and why, or None when all parse.

    Exports and feeds refuse instead of ignoring a filter: a file or feed that silently
    dropped one would hand over the wrong articles. ``more``: parameter → reasons found
    by the view itself.
    """
    errors = {k: v for k, v in filterset.errors.items() if k not in ignore}
    errors.update({k: v for k, v in (more or {}).items() if v})
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
    dropped a filter would hand over the wrong rows. ``fields=body`` adds the cleaned text.
    """
    filterset = ArticleFilterSet(request.GET)
    fields, bad_fields = parse_fields(request.GET.getlist("fields"))
    body = "body" in fields
    refused = filter_errors_response(
        filterset, "export", ignore=("page", "fields"), more={"fields": bad_fields}
    )
    if refused:
        return refused
    if request.method == "HEAD":
        response = HttpResponse(content_type=FORMATS[fmt])  # the headers, without the work
    else:
        rows = article_export_rows(
            criteria=filterset.criteria, sort=filterset.sort_order, body=body
        )
        response = StreamingHttpResponse(
            export_stream(rows, fmt=fmt, body=body), content_type=FORMATS[fmt]
        )
    name = export_filename(params=filterset.params(), extension=fmt, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
