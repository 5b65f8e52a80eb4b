"""Cursor pagination: keyset pages of articles, and cursor pages of the gazetteer."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from articles.selectors.export import Cursor, CursorError, article_cursor_page, article_rows_by_id

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def _page_schema(schema: dict) -> dict:
    return {
        "type": "object",
        "required": ["results", "next", "previous"],
        "properties": {
            "results": schema,
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "previous": {"type": "string", "nullable": True, "format": "uri"},
        },
    }


def page_size_from(request) -> int:
    """Return ``page_size`` from the request (default ``PAGE_SIZE``); 400 when it is bad."""
    raw = request.query_params.get("page_size")
    if raw is None:
        return PAGE_SIZE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [f"must be a whole number from 1 to {MAX_PAGE_SIZE}, not “{raw[:20]}”"]}
        )
    return int(raw)


class ArticleCursorPagination(BasePagination):
    """Keyset pages on (published_at, id): as fast on page 10,000 as on page 1.

    The view's FilterSet (``request.article_filterset``) gives the criteria and the sort.
    """

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        filterset = request.article_filterset
        size = page_size_from(request)
        raw = request.query_params.get(self.cursor_query_param)
        try:
            cursor = Cursor.decode(raw) if raw is not None else None
            page = article_cursor_page(
                criteria=filterset.criteria, sort=filterset.sort_order, cursor=cursor, size=size
            )
        except CursorError as exc:
            raise ValidationError({self.cursor_query_param: [str(exc)]}) from exc
        self.request = request
        self.page = page
        return article_rows_by_id(page.ids)

    def _link(self, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor.encode())

    def get_paginated_response(self, data):
        return Response(
            {
                "results": data,
                "next": self._link(self.page.next),
                "previous": self._link(self.page.previous),
            }
        )

    def get_paginated_response_schema(self, schema):
        return _page_schema(schema)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "description": "Where the page starts: take it from a response's next or previous link.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Articles per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


class EntityCursorPagination(CursorPagination):
    """Cursor pages of countries, officials, organisations or topics, by a unique key.

    A cursor that does not decode answers 400 (DRF's default is 404).
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError(
                {"cursor": ["not a cursor this API made: follow the next and previous links"]}
            ) from exc

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise ValidationError(
                {
                    "page_size": [
                        f"must be a whole number from 1 to {self.max_page_size}, not “{raw[:20]}”"
                    ]
                }
            )
        return super().get_page_size(request)

    def get_paginated_response(self, data):
        return Response(
            {"results": data, "next": self.get_next_link(), "previous": self.get_previous_link()}
        )

    def get_paginated_response_schema(self, schema):
        return _page_schema(schema)
