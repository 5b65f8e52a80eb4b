"""Public pages (docs/architecture.md's contract)."""

from django.urls import path

from articles import views
from articles.views.compare import compare
from articles.views.exports import article_export
from articles.views.feeds import ArticleFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/export.csv", article_export, {"fmt": "csv"}, name="article_export_csv"),
    path("articles/export.jsonl", article_export, {"fmt": "jsonl"}, name="article_export_jsonl"),
    path("articles/feed.atom", ArticleFeed(), name="article_feed"),
    path("articles/suggest/<str:kind>/", views.lists.article_suggest, name="article_suggest"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="article_detail"),
    path("compare/", compare, name="compare"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso2>/", views.country_detail, name="country_detail"),
    path("officials/", views.official_list, name="official_list"),
    path("officials/<slug:slug>/", views.official_detail, name="official_detail"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<str:slug>/", views.source_detail, name="source_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<str:slug>/", views.organization_detail, name="organization_detail"),
    path("network/", views.network_page, name="network"),
]
