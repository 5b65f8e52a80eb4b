"""/api/: the read-only JSON API, its OpenAPI schema and its docs page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .docs import ApiDocsView

app_name = "api"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/facets/", views.ArticleFacetsView.as_view(), name="article_facets"),
    path("articles/timeline/", views.ArticleTimelineView.as_view(), name="article_timeline"),
    path("articles/<str:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:key>/", views.CountryDetailView.as_view(), name="country_detail"),
    path("officials/", views.OfficialListView.as_view(), name="official_list"),
    path("officials/<str:key>/", views.OfficialDetailView.as_view(), name="official_detail"),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path(
        "organizations/<str:key>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<str:key>/", views.TopicDetailView.as_view(), name="topic_detail"),
    # The schema and its docs page describe the API and read no data: not rate limited.
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    # Swagger UI under the Content-Security-Policy: its start-up script is a separate request.
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]
