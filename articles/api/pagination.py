"""Cursor pagination: keyset pages of articles, and cursor pages of the gazetteer."""

from __future__ import annotations

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from articles.selectors.cursors import Cursor, CursorError, article_cursor_page
from articles.selectors.export import article_rows_by_id

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


def query_value(request, name: str) -> str | None:
    """Return the last value of ``name`` in the query string; None when absent or empty.

    An empty parameter (``cursor=``, ``page_size=``) means the default, as it does for
    every filter on the pages and the API (the schema says so with ``allowEmptyValue``).
    """
    return request.query_params.get(name) or None


def page_size_from(request, *, default: int = PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    """Return ``page_size`` from the request (``default`` when absent); 400 when it is bad."""
    raw = query_value(request, "page_size")
    if raw is None:
        return default
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int(), and a
    # 5,000-digit number is past what int() converts.
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= maximum):
        shown = "".join(ch for ch in raw[:20] if ch.isprintable())
        raise ValidationError(
            {"page_size": [f"must be a whole number from 1 to {maximum}, not “{shown}”"]}
        )
    return int(raw)


def _size_parameters(default: int, maximum: int, what: str) -> list[dict]:
    return [
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "allowEmptyValue": True,
            "description": (
                "Where the page starts: take it from a response's next or previous link "
                "(empty or absent: the first page; anything else: 400)."
            ),
            "schema": {"type": "string"},
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "allowEmptyValue": True,
            "description": (
                f"{what} per page (default {default}, at most {maximum}; empty: the default)."
            ),
            "schema": {"type": "integer", "minimum": 1, "maximum": maximum},
        },
    ]


class ArticleCursorPagination(BasePagination):
    """Keyset pages on (published_at, id): as fast on page 10,000 as on page 1.

    The view's FilterSet (``request.article_filterset``) gives the criteria and the sort.
    """

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        filterset = request.article_filterset
        size = page_size_from(request)
        raw = query_value(request, self.cursor_query_param)
        try:
            cursor = Cursor.decode(raw) if raw is not None else None
            page = article_cursor_page(
                criteria=filterset.criteria, sort=filterset.sort_order, cursor=cursor, size=size
            )
        except CursorError as exc:
            raise ValidationError({self.cursor_query_param: [str(exc)]}) from exc
        self.request = request
        self.page = page
        body = getattr(request, "article_body", False)  # fields=body (ArticleListView)
        return article_rows_by_id(page.ids, body=body, corrections=False)

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
        return _size_parameters(PAGE_SIZE, MAX_PAGE_SIZE, "Articles")


class EntityCursorPagination(CursorPagination):
    """Cursor pages of countries, officials, organisations or topics, by a unique key.

    A cursor that does not decode answers 400 (DRF's default is 404); an empty one, or an
    empty ``page_size``, is the default, as it is on the article list.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        """Order by the view's ``lookup_field``: the entity's unique key (iso2 or slug)."""
        return (view.lookup_field,)

    def decode_cursor(self, request):
        if query_value(request, self.cursor_query_param) is None:
            return None
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError(
                {"cursor": ["not a cursor this API made: follow the next and previous links"]}
            ) from exc

    def get_page_size(self, request):
        return page_size_from(request, default=self.page_size, maximum=self.max_page_size)

    def get_schema_operation_parameters(self, view):
        # DRF's declares page_size as any integer, where 0 or 501 answer 400.
        return _size_parameters(self.page_size, self.max_page_size, "Entries")

    def get_paginated_response(self, data):
        return Response(
            {"results": data, "next": self.get_next_link(), "previous": self.get_previous_link()}
        )

    def get_paginated_response_schema(self, schema):
        return _page_schema(schema)
