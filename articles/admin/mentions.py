"""Admin: the four mention tables, each row with its history (editors mostly use the
article form's inlines)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles import models

from .changelist import BoundedCountPaginator


class MentionAdmin(SimpleHistoryAdmin):
    """Shared display for the four mention tables (history per row)."""

    list_display = ["article", "count", "is_focus", "origin", "suppressed"]
    list_filter = ["origin", "is_focus", "suppressed"]
    ordering = ["-id"]  # the primary key's index: millions of rows, no sort
    autocomplete_fields = ["article"]
    show_full_result_count = False
    paginator = BoundedCountPaginator
    readonly_fields = ["evidence"]


@admin.register(models.ArticleCountry)
class ArticleCountryAdmin(MentionAdmin):
    list_display = ["country", *MentionAdmin.list_display, "kind"]
    list_select_related = ["article", "country"]
    autocomplete_fields = ["article", "country"]


@admin.register(models.ArticleOfficial)
class ArticleOfficialAdmin(MentionAdmin):
    list_display = ["raw_name", "official", *MentionAdmin.list_display]
    list_select_related = ["article", "official"]
    autocomplete_fields = ["article", "official", "appointment"]


@admin.register(models.ArticleOrganisation)
class ArticleOrganisationAdmin(MentionAdmin):
    list_display = ["organisation", *MentionAdmin.list_display]
    list_select_related = ["article", "organisation"]
    autocomplete_fields = ["article", "organisation"]


@admin.register(models.ArticleTopic)
class ArticleTopicAdmin(MentionAdmin):
    list_display = ["topic", "score", *MentionAdmin.list_display]
    list_select_related = ["article", "topic"]
    autocomplete_fields = ["article", "topic"]
