"""/api/: the read-only JSON API, its OpenAPI schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import ApiDocsView

app_name = "api"


class ApiRouter(SimpleRouter):
    """DRF's router with the API's URL names: ``country_list``, ``country_detail``, …"""

    routes = [route._replace(name=route.name.replace("-", "_")) for route in SimpleRouter.routes]


# Path converters, not regexes: a key is any string up to the next slash (``<str:key>``).
router = ApiRouter(use_regex_path=False)
router.register("countries", views.CountryViewSet, basename="country")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("sources", views.SourceViewSet, basename="source")
router.register("topics", views.TopicViewSet, basename="topic")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/facets/", views.ArticleFacetsView.as_view(), name="article_facets"),
    path("articles/timeline/", views.ArticleTimelineView.as_view(), name="article_timeline"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("articles/<str:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    *router.urls,
    # The schema and its docs page describe the API and read no data: not rate limited.
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    # Swagger UI under the Content-Security-Policy: its start-up script is a separate request.
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]
