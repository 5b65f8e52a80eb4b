"""Admin: Officials, their aliases and appointments."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles import models


class OfficialAliasInline(admin.TabularInline):
    model = models.OfficialAlias
    extra = 0
    fields = ["alias", "key", "blocked", "origin"]
    readonly_fields = ["key"]


class AppointmentInline(admin.TabularInline):
    model = models.Appointment
    extra = 0
    fk_name = "official"
    fields = ["post", "post_kind", "country", "organisation", "start_date", "end_date", "proposed"]
    autocomplete_fields = ["country", "organisation"]


@admin.register(models.Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nationality", "status"]
    list_filter = ["status"]
    search_fields = ["name", "aliases__alias"]
    list_select_related = ["nationality"]
    autocomplete_fields = ["nationality", "merged_into"]
    inlines = [OfficialAliasInline, AppointmentInline]
    show_full_result_count = False


@admin.register(models.OfficialAlias)
class OfficialAliasAdmin(SimpleHistoryAdmin):
    list_display = ["alias", "official", "key", "blocked"]
    search_fields = ["alias", "key"]
    list_select_related = ["official"]
    autocomplete_fields = ["official"]
    show_full_result_count = False


@admin.register(models.Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["official", "post", "country", "organisation", "start_date", "end_date"]
    list_filter = ["post_kind", "proposed"]
    search_fields = ["official__name", "post"]
    list_select_related = ["official", "country", "organisation"]
    autocomplete_fields = ["official", "country", "organisation"]
    show_full_result_count = False
