"""Admin registrations: every model is reachable; curation tools come with the editor issue."""

from django.contrib import admin

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
class CountryAliasAdmin(admin.ModelAdmin):
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
class OrganisationAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "organisation", "kind", "ambiguous", "blocked"]
    list_filter = ["kind", "ambiguous", "blocked"]
    search_fields = ["alias"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


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
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "nationality", "status"]
    list_filter = ["status"]
    search_fields = ["name", "aliases__alias"]
    list_select_related = ["nationality"]
    autocomplete_fields = ["nationality", "merged_into"]
    inlines = [OfficialAliasInline, AppointmentInline]
    show_full_result_count = False


@admin.register(models.OfficialAlias)
class OfficialAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "official", "key", "blocked"]
    search_fields = ["alias", "key"]
    list_select_related = ["official"]
    autocomplete_fields = ["official"]
    show_full_result_count = False


@admin.register(models.Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["official", "post", "country", "organisation", "start_date", "end_date"]
    list_filter = ["post_kind", "proposed"]
    search_fields = ["official__name", "post"]
    list_select_related = ["official", "country", "organisation"]
    autocomplete_fields = ["official", "country", "organisation"]
    show_full_result_count = False


class TopicRuleInline(admin.TabularInline):
    model = models.TopicRule
    extra = 1
    fields = ["phrase", "weight", "kind"]


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "threshold"]
    search_fields = ["name", "slug"]
    inlines = [TopicRuleInline]


@admin.register(models.TopicRule)
class TopicRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "topic", "kind", "weight"]
    list_filter = ["kind", "topic"]
    search_fields = ["phrase"]
    list_select_related = ["topic"]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "domain", "publisher_country"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["publisher_country"]
    autocomplete_fields = ["publisher_country"]


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at", "status"]
    list_filter = ["status", "reviewed"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]
    raw_id_fields = ["duplicate_group", "import_run"]
    autocomplete_fields = ["source"]
    readonly_fields = ["raw_text", "content_hash", "cleaner_version", "extractor_version"]
    show_full_result_count = False


@admin.register(models.NearDuplicateGroup)
class NearDuplicateGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "lead", "size", "created_at"]
    raw_id_fields = ["lead"]


class MentionAdmin(admin.ModelAdmin):
    """Shared display for the four mention tables."""

    list_display = ["article", "count", "is_focus", "origin", "suppressed"]
    list_filter = ["origin", "is_focus", "suppressed"]
    raw_id_fields = ["article"]
    show_full_result_count = False


@admin.register(models.ArticleCountry)
class ArticleCountryAdmin(MentionAdmin):
    list_display = ["country", *MentionAdmin.list_display, "kind"]
    list_select_related = ["article", "country"]
    autocomplete_fields = ["country"]


@admin.register(models.ArticleOfficial)
class ArticleOfficialAdmin(MentionAdmin):
    list_display = ["raw_name", "official", *MentionAdmin.list_display]
    list_select_related = ["article", "official"]
    raw_id_fields = ["article", "official", "appointment"]


@admin.register(models.ArticleOrganisation)
class ArticleOrganisationAdmin(MentionAdmin):
    list_display = ["organisation", *MentionAdmin.list_display]
    list_select_related = ["article", "organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(models.ArticleTopic)
class ArticleTopicAdmin(MentionAdmin):
    list_display = ["topic", "score", *MentionAdmin.list_display]
    list_select_related = ["article", "topic"]


@admin.register(models.ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "started_at",
        "status",
        "records_read",
        "inserted",
        "updated",
        "unchanged",
        "duplicate",
        "rejected",
    ]
    list_filter = ["status", "dry_run"]
    readonly_fields = [f.name for f in models.ImportRun._meta.fields]


@admin.register(models.RejectedDocument)
class RejectedDocumentAdmin(admin.ModelAdmin):
    list_display = ["origin", "reason", "import_run", "created_at", "resolved"]
    list_filter = ["resolved"]
    search_fields = ["origin", "reason"]
    readonly_fields = ["import_run", "origin", "external_id", "reason", "created_at"]
    exclude = ["raw"]


@admin.register(models.ArticleBand)
class ArticleBandAdmin(admin.ModelAdmin):
    """Near-duplicate index rows: read-only, for inspecting why articles were grouped."""

    list_display = ["band", "article"]
    raw_id_fields = ["article"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
