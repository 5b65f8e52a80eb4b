"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

from articles.urls import account_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("account/", include(account_patterns)),
    path("", include("articles.urls")),
]
