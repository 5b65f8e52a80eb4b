"""Admin: readers, their saved searches and digests, read-only for editors.

Readers' accounts are theirs: editors see what is saved and sent (to answer "why did I
get this?"), and may delete a saved search or a reader, but change nothing.
"""

from __future__ import annotations

from django.contrib import admin

from articles import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, deletable, never added or changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Reader)
class ReaderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "email_confirmed_at", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    list_filter = [("email_confirmed_at", admin.EmptyFieldListFilter)]


@admin.register(models.SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "query", "frequency", "digest_since", "created_at"]
    list_select_related = ["user"]
    list_filter = ["frequency"]
    search_fields = ["name", "query", "user__username"]


@admin.register(models.DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["saved_search", "period", "frequency", "outcome", "article_count", "created_at"]
    list_select_related = ["saved_search"]
    list_filter = ["outcome", "frequency"]
    search_fields = ["saved_search__name", "recipient"]
