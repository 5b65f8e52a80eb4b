"""Admin: Articles, mentions, sources, import runs and rejected documents."""

from django.contrib import admin

from articles import models


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
