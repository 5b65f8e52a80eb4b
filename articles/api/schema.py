"""OpenAPI details drf-spectacular cannot infer."""

from drf_spectacular.extensions import OpenApiFilterExtension


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
