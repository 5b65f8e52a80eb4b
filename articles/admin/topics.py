"""Admin: Topics and their rules."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles import models


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
class TopicRuleAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "topic", "kind", "weight"]
    list_filter = ["kind", "topic"]
    search_fields = ["phrase"]
    list_select_related = ["topic"]
