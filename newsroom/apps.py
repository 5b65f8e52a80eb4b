"""Application configs of the project itself (not of an app)."""

from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``NewsroomAdminSite`` as ``admin.site``."""

    default_site = "newsroom.admin.NewsroomAdminSite"
