"""Admin: Countries and organisations: aliases inline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles import models


class CountryAliasInline(admin.TabularInline):
    model = models.CountryAlias
    extra = 0
    fields = ["alias", "kind", "ambiguous", "blocked", "origin"]


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso2", "iso3", "aliases__alias"]
    inlines = [CountryAliasInline]


@admin.register(models.CountryAlias)
class CountryAliasAdmin(SimpleHistoryAdmin):
    list_display = ["alias", "country", "kind", "ambiguous", "blocked", "origin"]
    list_filter = ["kind", "ambiguous", "blocked", "origin"]
    search_fields = ["alias", "country__name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]


class OrganisationAliasInline(admin.TabularInline):
    model = models.OrganisationAlias
    extra = 0
    fields = ["alias", "kind", "ambiguous", "blocked", "origin"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation", "aliases__alias"]
    inlines = [OrganisationAliasInline]


@admin.register(models.OrganisationAlias)
class OrganisationAliasAdmin(SimpleHistoryAdmin):
    list_display = ["alias", "organisation", "kind", "ambiguous", "blocked"]
    list_filter = ["kind", "ambiguous", "blocked"]
    search_fields = ["alias"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
