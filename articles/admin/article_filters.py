"""Admin: the article list's filters (an entity's mentions, undated, candidates, run)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Exists, OuterRef

from articles import models
from articles.choices import OfficialStatus


class _EntityFilter(admin.SimpleListFilter):
    """Articles with a (non-suppressed) mention of one entity, via the mention's index."""

    mention_model = None
    entity_field = ""

    def lookups(self, request, model_admin):
        entity = self.mention_model._meta.get_field(self.entity_field).related_model
        return [(str(pk), name) for pk, name in entity.objects.values_list("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        mentions = self.mention_model.objects.filter(
            suppressed=False, **{f"{self.entity_field}_id": int(value)}
        )
        return queryset.filter(id__in=mentions.values("article_id"))


class CountryFilter(_EntityFilter):
    title = "country"
    parameter_name = "country"
    mention_model = models.ArticleCountry
    entity_field = "country"


class TopicFilter(_EntityFilter):
    title = "topic"
    parameter_name = "topic"
    mention_model = models.ArticleTopic
    entity_field = "topic"


class UndatedFilter(admin.SimpleListFilter):
    title = "date"
    parameter_name = "undated"

    def lookups(self, request, model_admin):
        return [("1", "Undated"), ("0", "Dated")]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(published_at__isnull=self.value() == "1")
        return queryset


class CandidatesFilter(admin.SimpleListFilter):
    title = "candidate officials"
    parameter_name = "candidates"

    def lookups(self, request, model_admin):
        return [("1", "Mentions a candidate official")]

    def queryset(self, request, queryset):
        if self.value() != "1":
            return queryset
        candidates = models.ArticleOfficial.objects.filter(
            article_id=OuterRef("pk"),
            suppressed=False,
            official__status=OfficialStatus.CANDIDATE,
        )
        return queryset.filter(Exists(candidates))


class ImportRunFilter(admin.SimpleListFilter):
    title = "import run"
    parameter_name = "import_run"

    def lookups(self, request, model_admin):
        return [(str(run.pk), str(run)) for run in models.ImportRun.objects.all()[:30]]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(import_run_id=int(value))
        return queryset
