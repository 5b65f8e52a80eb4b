"""Admin: Countries and organisations, their aliases inline; block an alias globally or per article."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.services import aliases as service

from .object_views import ObjectViewsMixin


class AliasInline(admin.TabularInline):
    """A country's or organisation's aliases on its form."""

    extra = 0
    fields = ["alias", "kind", "ambiguous", "blocked", "origin"]


class CountryAliasInline(AliasInline):
    model = models.CountryAlias


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region", "public_page"]
    list_filter = ["region"]
    search_fields = ["name", "iso2", "iso3", "aliases__alias"]
    inlines = [CountryAliasInline]

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())


class OrganisationAliasInline(AliasInline):
    model = models.OrganisationAlias


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "slug"]
    search_fields = ["name", "abbreviation", "aliases__alias"]
    inlines = [OrganisationAliasInline]


class BlockInArticleForm(forms.Form):
    """Pick the article where the alias must not tag its country or organisation."""

    article = forms.ModelChoiceField(
        queryset=models.Article.objects.all(),
        widget=ForeignKeyRawIdWidget(
            models.ArticleCountry._meta.get_field("article").remote_field, admin.site
        ),
        help_text="The article's id (the magnifier opens a search).",
    )
    unblock = forms.BooleanField(required=False, label="Lift the block instead")


class AliasAdmin(ObjectViewsMixin, SimpleHistoryAdmin):
    """Shared by country and organisation aliases: global and per-article blocks."""

    list_filter = ["kind", "ambiguous", "blocked", "origin"]
    actions = ["block_globally", "unblock_globally"]
    show_full_result_count = False

    @admin.display(description="Per article")
    def block_link(self, obj):
        info = self.model._meta.app_label, self.model._meta.model_name
        url = reverse("admin:{}_{}_block_article".format(*info), args=[obj.pk])
        return format_html('<a href="{}">Block in one article…</a>', url)

    @admin.action(description="Block selected aliases everywhere", permissions=["change"])
    def block_globally(self, request, queryset):
        for alias in queryset:
            service.alias_block(alias=alias, blocked=True, user=request.user)
        messages.success(
            request,
            f"Blocked {queryset.count()} alias(es). Run “manage.py reextract” to remove "
            "what they tagged in stored articles.",
        )

    @admin.action(description="Unblock selected aliases", permissions=["change"])
    def unblock_globally(self, request, queryset):
        for alias in queryset:
            service.alias_block(alias=alias, blocked=False, user=request.user)
        messages.success(request, f"Unblocked {queryset.count()} alias(es).")

    object_views = {"block-article": "block_article_view"}

    def block_article_view(self, request, pk):
        """Block (or unblock) this alias's entity in one article."""
        alias = self.view_object(request, pk)
        form = BlockInArticleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            article = form.cleaned_data["article"]
            if form.cleaned_data["unblock"]:
                service.alias_unblock_for_article(alias=alias, article=article, user=request.user)
                messages.success(request, f"“{alias.alias}” may tag article {article.pk} again.")
            else:
                service.alias_block_for_article(alias=alias, article=article, user=request.user)
                messages.success(
                    request,
                    f"“{alias.alias}” no longer tags article {article.pk}, "
                    "and re-extraction keeps it that way.",
                )
            info = self.model._meta.app_label, self.model._meta.model_name
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Block “{alias.alias}” in one article",
            "opts": self.model._meta,
            "alias": alias,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/alias_block_article.html", context)


@admin.register(models.CountryAlias)
class CountryAliasAdmin(AliasAdmin):
    list_display = ["alias", "country", "kind", "ambiguous", "blocked", "origin", "block_link"]
    list_editable = ["ambiguous", "blocked"]
    search_fields = ["alias", "country__name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]


@admin.register(models.OrganisationAlias)
class OrganisationAliasAdmin(AliasAdmin):
    list_display = ["alias", "organisation", "kind", "ambiguous", "blocked", "block_link"]
    list_editable = ["ambiguous", "blocked"]
    search_fields = ["alias", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
