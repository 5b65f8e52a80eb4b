"""OpenAPI details drf-spectacular cannot infer."""

from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.openapi import AutoSchema


class ArticleFilterBackendExtension(OpenApiFilterExtension):
    """Leave the article filters to the views' hand-written parameters.

    drf-spectacular's django-filter extension would describe the FilterSet from model
    fields it does not have (every filter here is resolved by the selectors), and as
    single strings where ``country`` and its kin repeat.
    """

    target_class = "articles.api.views.ArticleFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return []


class NewsroomAutoSchema(AutoSchema):
    """drf-spectacular's schema, saying that an empty query parameter counts as absent.

    Every optional query parameter (filters, ``cursor``, ``page_size``, ``interval``) is
    read as its default when sent empty (``date_to=``), on the pages and the API alike;
    ``allowEmptyValue`` is how OpenAPI 3.0 declares it, so clients and fuzzers know an
    empty value is not a malformed date or integer.
    """

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters
