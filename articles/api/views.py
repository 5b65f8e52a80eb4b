"""Read-only API views. Thin: the FilterSet parses, selectors read, serializers shape."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.filtersets import MAX_VALUES, Q_MAX_LENGTH, ArticleFilterSet, compare_parse
from articles.models import Article, Country, Organisation, Source, Topic
from articles.selectors import article_public_queryset, browse, official_public_queryset
from articles.selectors.compare import compare_read
from articles.selectors.export import (
    INTERVALS,
    OPTIONAL_FIELDS,
    article_public_row,
    article_timeline_by,
    parse_fields,
)

from . import serializers as s
from .pagination import ArticleCursorPagination, EntityCursorPagination, query_value
from .schema import NewsroomAutoSchema  # also registers the filter backend's extension

# Parameters the API reads itself; the rest go to the FilterSet (which rejects unknown ones).
API_PARAMS = ("cursor", "page_size", "format", "interval", "fields")

ERROR_RESPONSE = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {"country": ["Ignored country “zz”: no country has this ISO code or name."]},
    },
    description=(
        "A parameter was not understood, named nothing (`country=zz`), was repeated where "
        "one value is read, or contradicts another (`undated=1` with dates, `date_from` "
        "after `date_to`): each parameter at fault, with the reasons. A query string Django "
        "will not read at all (more than 1,000 parameters) is reported under `query`."
    ),
)
DETAIL_RESPONSE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
NOT_FOUND = OpenApiResponse(response=DETAIL_RESPONSE, description="No such entity.")
THROTTLED = OpenApiResponse(
    response=DETAIL_RESPONSE,
    description="Too many requests from this address: retry after `Retry-After` seconds.",
)

# The filter parameters, documented by hand: repeatable ones are arrays (`country=ru&country=sy`).
_REPEATABLE = {
    "country": "ISO alpha-2 (case-insensitive), or a country's name or alias.",
    "official": "Official slug.",
    "organization": "Organisation slug (or abbreviation).",
    "topic": "Topic slug.",
    "source": "Source slug. Filtering by source lists every copy of a story.",
}
# Bounds the FilterSet enforces (a value past them answers 400), declared in the schema.
_NO_CONTROLS = "^[^\\x00-\\x1f]*$"
_VALUES = {
    "type": "array",
    "maxItems": MAX_VALUES,
    "items": {"type": "string", "maxLength": 200, "pattern": _NO_CONTROLS},
}
FILTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": Q_MAX_LENGTH, "pattern": "^[^\\x00]*$"},
        description='Full-text search: words, "phrases", `or`, `-exclusions`.',
    ),
    *[
        OpenApiParameter(name, _VALUES, description=f"{text} Unknown values: 400.")
        for name, text in _REPEATABLE.items()
    ],
    OpenApiParameter(
        "match", str, enum=["any", "all"], description="`all`: every repeated value at once."
    ),
    OpenApiParameter(
        "focus", str, enum=["1"], description="Only where the country or official is a focus."
    ),
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="From this day (inclusive). After `date_to`: 400.",
    ),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day (inclusive)."),
    OpenApiParameter(
        "undated",
        str,
        enum=["1"],
        description=(
            "Only articles without a date. With `date_from` or `date_to` it answers 400 "
            "(an undated article has no date to compare); the list page ignores the dates."
        ),
    ),
    OpenApiParameter(
        "copies",
        str,
        enum=["all"],
        description="Every outlet's copy of a story (default: one row per story, as /articles/).",
    ),
]
FIELDS_PARAMETER = OpenApiParameter(
    "fields",
    str,
    enum=list(OPTIONAL_FIELDS),
    description=(
        "Optional fields to add to each article: `body` (the cleaned text). Any other value: 400."
    ),
)
SORT_PARAMETER = OpenApiParameter(
    "sort",
    str,
    enum=["newest", "oldest", "relevance"],
    description="Default `newest`, or `relevance` when `q` is set (`relevance` without `q`: 400).",
)


class QueryErrorsMixin:
    """Answer a query string Django refuses to read (too many fields) with the API's 400.

    Django raises ``SuspiciousOperation`` from ``request.GET`` (e.g. past
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS``); left alone it becomes the site's HTML 400 page.
    The schema declares that an empty query parameter is the default (``allowEmptyValue``).
    """

    schema = NewsroomAutoSchema()

    def handle_exception(self, exc):
        if isinstance(exc, SuspiciousOperation):
            exc = ValidationError({"query": [f"the query string was refused: {exc}"]})
        return super().handle_exception(exc)


class ArticleFilterBackend(DjangoFilterBackend):
    """Filter with the list page's ``ArticleFilterSet``; any value it cannot use is a 400.

    The FilterSet is kept on the request for the pagination and the aggregate views.
    """

    def get_filterset_kwargs(self, request, queryset, view):
        if "page" in request.query_params:
            raise ValidationError({"page": ["the API pages with `cursor`: follow `next`"]})
        data = request.query_params.copy()
        for name in API_PARAMS:
            data.pop(name, None)
        return {"data": data, "queryset": queryset, "request": request}

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset.errors:
            raise ValidationError(filterset.errors)
        request.article_filterset = filterset
        return filterset.qs


class ArticleQueryMixin(QueryErrorsMixin):
    """Views over the filtered articles."""

    filterset_class = ArticleFilterSet
    filter_backends = [ArticleFilterBackend]

    def get_queryset(self):
        return article_public_queryset()

    def filtered(self):
        """Parse the parameters (400 when one is bad); return the FilterSet."""
        self.filter_queryset(self.get_queryset())
        return self.request.article_filterset


@extend_schema(
    summary="List articles",
    description=(
        "The articles `/articles/` lists for the same parameters, in cursor pages; "
        "`fields=body` adds each article's cleaned text."
    ),
    parameters=[*FILTER_PARAMETERS, SORT_PARAMETER, FIELDS_PARAMETER],
    responses={200: s.ArticleSerializer(many=True), 400: ERROR_RESPONSE, 429: THROTTLED},
)
class ArticleListView(ArticleQueryMixin, generics.ListAPIView):
    """Articles by docs/architecture.md's filters, newest first, in keyset cursor pages."""

    serializer_class = s.ArticleSerializer
    pagination_class = ArticleCursorPagination

    def list(self, request, *args, **kwargs):
        fields, errors = parse_fields(request.query_params.getlist("fields"))
        if errors:
            raise ValidationError({"fields": errors})
        request.article_body = "body" in fields  # read by ArticleCursorPagination
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


@extend_schema(
    summary="One article, with its body",
    parameters=[
        OpenApiParameter(
            "id",
            {"type": "integer", "minimum": 1},
            OpenApiParameter.PATH,
            description="Article id.",
        )
    ],
    responses={200: s.ArticleDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
class ArticleDetailView(QueryErrorsMixin, generics.GenericAPIView):
    serializer_class = s.ArticleDetailSerializer
    queryset = Article.objects.none()

    def get(self, request, pk: str):
        if not pk.isdigit() or not 0 < int(pk) < 2**63:
            raise Http404("No such article.")
        row = article_public_row(pk=int(pk))
        if row is None:
            raise Http404("No such article.")
        return Response(self.get_serializer(row).data)


@extend_schema(
    summary="Facet counts for any filter set",
    description=(
        "Exact counts of articles per country, official, organisation, topic and source "
        "among all the matches, like the list's sidebar: each entry's count is the number "
        "of matches that also carry it (the list its link narrows to)."
    ),
    parameters=FILTER_PARAMETERS,
    responses={200: s.FacetsSerializer, 400: ERROR_RESPONSE, 429: THROTTLED},
)
class ArticleFacetsView(ArticleQueryMixin, generics.GenericAPIView):
    serializer_class = s.FacetsSerializer

    def get(self, request):
        filterset = self.filtered()
        overview = browse.list_overview(criteria=filterset.criteria)
        facets = browse.article_facets(criteria=filterset.criteria, overview=overview)
        data = {kind: [vars(item) for item in items] for kind, items in facets.items.items()}
        return Response(
            self.get_serializer(
                {**data, "total": overview.total, "capped": False, "cap": None}
            ).data
        )


@extend_schema(
    summary="Matches per day, week or month for any filter set",
    parameters=[
        *FILTER_PARAMETERS,
        OpenApiParameter("interval", str, enum=list(INTERVALS), description="Default `month`."),
    ],
    responses={200: s.TimelineSerializer, 400: ERROR_RESPONSE, 429: THROTTLED},
)
class ArticleTimelineView(ArticleQueryMixin, generics.GenericAPIView):
    serializer_class = s.TimelineSerializer

    def get(self, request):
        interval = query_value(request, "interval") or "month"
        if interval not in INTERVALS:
            shown = "".join(ch for ch in interval[:20] if ch.isprintable())
            raise ValidationError({"interval": [f"must be day, week or month, not “{shown}”"]})
        filterset = self.filtered()
        timeline = article_timeline_by(criteria=filterset.criteria, interval=interval)
        series = [{"start": start, "count": n} for start, n in timeline.series]
        return Response(
            self.get_serializer(
                {"interval": interval, "series": series, "truncated": timeline.truncated}
            ).data
        )


# --- the gazetteer ---------------------------------------------------------------------------


# A gazetteer list in cursor pages by its unique key, and one entry by that key. The router
# (api/urls.py) gives each subclass ``<basename>_list`` and ``<basename>_detail`` routes; the
# key is any string in the URL (``<str:key>``), looked up in ``lookup_field``. No docstring:
# drf-spectacular would publish it as the operations' description.
class EntityViewSet(QueryErrorsMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = EntityCursorPagination  # ordered by ``lookup_field``
    lookup_field = "slug"
    lookup_url_kwarg = "key"
    lookup_value_converter = "str"

    def get_object(self):
        key = self.kwargs["key"]
        if len(key) > 200 or "\x00" in key:
            raise Http404("No such entity.")
        if self.lookup_field == "iso2":
            key = key.upper()  # stored upper-case; URLs use lower-case (/countries/sy/)
        obj = self.get_queryset().filter(**{self.lookup_field: key}).first()
        if obj is None:
            raise Http404("No such entity.")
        return obj


def _entity_schema(serializer, summary: str):
    """Document an entity viewset's list and detail operations."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {summary}",
            responses={200: serializer(many=True), 400: ERROR_RESPONSE, 429: THROTTLED},
        ),
        retrieve=extend_schema(
            summary=f"One of the {summary}",
            responses={200: serializer, 404: NOT_FOUND, 429: THROTTLED},
        ),
    )


@_entity_schema(s.CountrySerializer, "countries")
class CountryViewSet(EntityViewSet):
    serializer_class = s.CountrySerializer
    queryset = Country.objects.all()
    lookup_field = "iso2"


@_entity_schema(s.OfficialSerializer, "officials (with their posts)")
class OfficialViewSet(EntityViewSet):
    serializer_class = s.OfficialSerializer

    def get_queryset(self):
        return official_public_queryset()


@_entity_schema(s.OrganizationSerializer, "organisations")
class OrganizationViewSet(EntityViewSet):
    serializer_class = s.OrganizationSerializer
    queryset = Organisation.objects.all()


@_entity_schema(s.SourceSerializer, "outlets (sources)")
class SourceViewSet(EntityViewSet):
    serializer_class = s.SourceSerializer
    queryset = Source.objects.select_related("publisher_country")


@_entity_schema(s.TopicSerializer, "topics")
class TopicViewSet(EntityViewSet):
    serializer_class = s.TopicSerializer
    queryset = Topic.objects.select_related("parent")


class ApiRootView(QueryErrorsMixin, generics.GenericAPIView):
    """The API's front door: a link to every endpoint, the schema and the docs page."""

    ENDPOINTS = {
        "articles": "api:article_list",
        "article_facets": "api:article_facets",
        "article_timeline": "api:article_timeline",
        "countries": "api:country_list",
        "officials": "api:official_list",
        "organizations": "api:organization_list",
        "sources": "api:source_list",
        "topics": "api:topic_list",
        "schema": "api:schema",
        "docs": "api:docs",
    }

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        from rest_framework.reverse import reverse

        return Response(
            {name: reverse(route, request=request) for name, route in self.ENDPOINTS.items()}
        )


# --- compare ---------------------------------------------------------------------------------


@extend_schema(
    summary="Several list states on one timeline: counts and shares",
    description=(
        "The numbers of `/compare/`. Each `s` is one URL-encoded list state (the query "
        "string of an `/articles/` list, e.g. `country%3Dru`), up to 6. Each point's `count` "
        "is exact and equals what that list counts with `date_from`/`date_to` set to the "
        "period; `base` is what the base (all published articles, one per story, or the "
        "`base` list state) counts in the same dates, `in_base` how many of those the series "
        "matches too (counted as the base counts: stories or every copy), and `share` is "
        "`in_base / base` (at most 1), null when the base is 0."
    ),
    parameters=[
        OpenApiParameter(
            "s",
            str,
            many=True,
            explode=True,
            description="A URL-encoded list state; repeat for each series (1 to 6).",
        ),
        OpenApiParameter(
            "interval",
            str,
            enum=["day", "week", "month", "year"],
            description="Default: by the span of the series (day up to 92 days, week up to "
            "2 years, month up to 20 years, else year).",
        ),
        OpenApiParameter(
            "base",
            str,
            description="A URL-encoded list state the shares are of (default: every "
            "published article, one per story).",
        ),
    ],
    responses={200: s.CompareSerializer, 400: ERROR_RESPONSE, 429: THROTTLED},
)
class CompareView(QueryErrorsMixin, generics.GenericAPIView):
    serializer_class = s.CompareSerializer
    queryset = Article.objects.none()

    def get(self, request):
        data = request.query_params.copy()
        data.pop("format", None)
        query = compare_parse(data)
        errors = dict(query.errors)
        errors.pop("show", None)  # the page's view switch: the API answers both
        if not query.specs and "s" not in errors:
            errors["s"] = ["no series: give one to six list states (s=country%3Dru&s=country%3Dcn)"]
        if errors:
            raise ValidationError(errors)
        try:
            comparison = compare_read(specs=query.specs, interval=query.interval, base=query.base)
        except ValueError as exc:
            raise ValidationError({"interval": [str(exc)]}) from exc
        series = [
            {
                "state": item.state,
                "label": item.label,
                "total": item.total,
                "undated": item.undated,
                "points": [
                    {
                        "start": p.start,
                        "end": p.end,
                        "count": p.count,
                        "base": p.base,
                        "in_base": p.in_base,
                        "share": p.share,
                    }
                    for p in item.points
                ],
            }
            for item in comparison.series
        ]
        payload = {"interval": comparison.interval, "base": query.base_state, "series": series}
        return Response(self.get_serializer(payload).data)
