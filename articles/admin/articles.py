"""Admin: Articles (curation): the list, the change form and the bulk actions.

The changelist stays fast on a million rows: bounded counts, the date index for ordering
and drill-down, full-text search through the GIN index, compact countries and officials
from two prefetch queries. Every editor change goes through ``services.curation`` (mention
rows through ``services.mention_edits``). Filters and inlines have their own modules.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.choices import ArticleStatus, OfficialStatus
from articles.pipeline import reextract
from articles.safe_links import safe_link, visible_text
from articles.search import results
from articles.selectors.browse import ArticleCriteria
from articles.services import curation, mention_edits, stories

from .article_filters import (
    CandidatesFilter,
    CountryFilter,
    ImportRunFilter,
    TopicFilter,
    UndatedFilter,
)
from .article_inlines import (
    ArticleRevisionInline,
    CountryMentionInline,
    OfficialMentionInline,
    OrganisationMentionInline,
    TopicMentionInline,
    mention_edits_from,
)
from .changelist import BoundedCountPaginator, DateProbeChangeList, IndexProbeQuerySet
from .evidence import texts_html

MAX_COMPACT = 4  # entities shown per article row before "+N"
MAX_STORY_ACTION = 500  # articles one "remove from story" action takes out (a decision each)


# ---------------------------------------------------------------------------- forms


class AddTopicForm(forms.Form):
    """The intermediate page of the "add a topic" bulk action."""

    topic = forms.ModelChoiceField(queryset=models.Topic.objects.all(), label="Topic to add")


# ---------------------------------------------------------------------------- articles


@admin.register(models.Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "source",
        "published_at",
        "status",
        "reviewed",
        "countries_shown",
        "officials_shown",
        "public_link",
    ]
    list_filter = [
        "status",
        "reviewed",
        ("source", admin.RelatedFieldListFilter),
        CountryFilter,
        TopicFilter,
        UndatedFilter,
        CandidatesFilter,
        ImportRunFilter,
    ]
    list_select_related = ["source"]
    list_per_page = 50
    date_hierarchy = "published_at"
    # Search goes through the full-text index (get_search_results); the field only
    # turns the search box on.
    search_fields = ["title"]
    search_help_text = (
        'Full-text search of title, lede and body: words, "phrases", or, -exclude. '
        "A number finds the article with that id."
    )
    show_full_result_count = False
    paginator = BoundedCountPaginator
    autocomplete_fields = ["source"]
    fields = [
        "title",
        "source",
        "published_at",
        "status",
        "review_state",
        "url_link",
        "external_id_shown",
        "byline",
        "dateline",
        "lede",
        "corrections",
        "texts",
        "import_run",
        "duplicate_group",
        "cleaner_version",
        "extractor_version",
    ]
    # Editors change the title, source and date here; the rest is shown, not edited
    # (status and review have their own buttons and services).
    readonly_fields = [f for f in fields if f not in ("title", "source", "published_at")]
    inlines = [
        CountryMentionInline,
        OfficialMentionInline,
        OrganisationMentionInline,
        TopicMentionInline,
        ArticleRevisionInline,
    ]
    actions = [
        "hide",
        "publish",
        "mark_reviewed",
        "add_topic",
        "reextract",
        "remove_from_story",
        "split_into_new_story",
    ]
    history_list_display = ["status", "reviewed"]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        css = {"all": ["css/admin-curation.css"]}

    # -- queries

    def get_queryset(self, request):
        queryset = IndexProbeQuerySet(model=models.Article, using=self.model.objects.db)
        countries = models.ArticleCountry.objects.filter(suppressed=False).select_related("country")
        officials = models.ArticleOfficial.objects.filter(
            suppressed=False, official__isnull=False
        ).select_related("official")
        queryset = queryset.prefetch_related(
            Prefetch(
                "articlecountry_set",
                queryset=countries.only(
                    "id", "article_id", "is_focus", "count", "country__name", "country__iso2"
                ),
                to_attr="shown_countries",
            ),
            Prefetch(
                "articleofficial_set",
                queryset=officials.only(
                    "id", "article_id", "is_focus", "count", "official__name", "official__status"
                ),
                to_attr="shown_officials",
            ),
        )
        # The list never needs the texts; the change form loads the object itself.
        queryset = queryset.defer(
            "body", "corrections", "raw_text", "minhash", "duplicate_keys", "search_vector"
        )
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_changelist(self, request, **kwargs):
        return DateProbeChangeList

    def get_object(self, request, object_id, from_field=None):
        try:
            return models.Article.objects.select_related("source", "import_run", "reviewed_by").get(
                pk=int(object_id)
            )
        except (ValueError, models.Article.DoesNotExist):
            return None

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if '"' in term:
            # A phrase: PostgreSQL must re-read each candidate's stored vector for word
            # positions, slow on a common phrase in a large corpus; the search index
            # knows them. Its ids (hidden articles and copies included) bound the list.
            ids = results.text_ids(term)
            condition = Q(
                RawSQL('"articles_article"."id" = ANY(%s)', (ids,), output_field=BooleanField())
            )
        else:
            # Plain words stay in PostgreSQL: it walks the date index and stops at a page
            # of matches, so even a common word is cheap. Read as the public pages read
            # them: "a b or c" is a and (b or c); stop words alone match nothing.
            query = ArticleCriteria(q=term).search_query()
            condition = Q(search_vector=query) if query is not None else Q(pk__in=[])
        if term.isdigit():
            condition |= Q(pk=int(term))
        return queryset.filter(condition), False

    def has_add_permission(self, request):
        return False  # articles come from imports

    # -- list columns

    @admin.display(description="countries")
    def countries_shown(self, article):
        return _compact([m.country.iso2 for m in getattr(article, "shown_countries", [])])

    @admin.display(description="officials")
    def officials_shown(self, article):
        names = [
            m.official.name + ("?" if m.official.status == OfficialStatus.CANDIDATE else "")
            for m in getattr(article, "shown_officials", [])
        ]
        return _compact(names)

    @admin.display(description="site")
    def public_link(self, article):
        return format_html('<a href="{}">view</a>', article.get_absolute_url())

    # -- change form fields

    @admin.display(description="review")
    def review_state(self, article):
        if not article.reviewed:
            return "not reviewed"
        who = article.reviewed_by.get_username() if article.reviewed_by else "someone"
        when = f" on {article.reviewed_at:%Y-%m-%d %H:%M}" if article.reviewed_at else ""
        return f"reviewed by {who}{when}"

    @admin.display(description="url")
    def url_link(self, article):
        if not article.url:
            return "—"
        link = safe_link(article.url)
        if link is None:  # javascript:, data:… — shown as text, never as a link
            return format_html(
                "{} <em>(not linked: not an http(s) address)</em>", visible_text(article.url)
            )
        return format_html(
            '<a href="{}" rel="noopener noreferrer">{}</a>', link, visible_text(article.url)
        )

    @admin.display(description="external id")
    def external_id_shown(self, article):
        return visible_text(article.external_id) or "—"

    @admin.display(description="cleaned body | raw text as imported")
    def texts(self, article):
        return texts_html(article)

    # -- saving through services

    def save_model(self, request, obj, form, change):
        curation.article_update(article=obj, user=request.user)

    def save_formset(self, request, form, formset, change):
        inline_model = formset.model
        if inline_model not in curation._KIND_OF_MODEL:
            return super().save_formset(request, form, formset, change)
        # Django's change message reads these; mentions are saved by the service below.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        kind = curation.mention_kind_of(inline_model)
        _, entity_field, _ = curation.MENTION_KINDS[kind]
        mention_edits.article_mentions_save(
            article=form.instance,
            kind=kind,
            edits=mention_edits_from(formset, entity_field=entity_field),
            user=request.user,
        )
        return None

    def response_change(self, request, obj):
        if "_hide" in request.POST or "_publish" in request.POST:
            status = ArticleStatus.HIDDEN if "_hide" in request.POST else ArticleStatus.PUBLISHED
            curation.articles_set_status(articles=[obj], status=status, user=request.user)
            self.message_user(request, f"Article {obj.pk} is now {status}.")
            return HttpResponseRedirect(request.path)
        if "_mark_reviewed" in request.POST:
            curation.articles_mark_reviewed(articles=[obj], user=request.user)
            self.message_user(request, f"Article {obj.pk} marked reviewed.")
            return HttpResponseRedirect(request.path)
        if "_reextract" in request.POST:
            summary = reextract.articles_reextract_now(article_ids=[obj.pk])
            self.message_user(request, f"Re-extracted: mentions {summary.diff.line()}.")
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # -- bulk actions (each object saved, so each change is in its history)

    def _selected(self, queryset):
        return (
            queryset.select_related(None)
            .prefetch_related(None)
            .defer(None)
            .only(
                "id",
                "status",
                "reviewed",
                "reviewed_at",
                "reviewed_by",
                "published_at",
                "updated_at",
            )
        )

    @admin.action(description="Hide selected articles", permissions=["change"])
    def hide(self, request, queryset):
        n = curation.articles_set_status(
            articles=self._selected(queryset), status=ArticleStatus.HIDDEN, user=request.user
        )
        self.message_user(request, f"{n} articles hidden.")

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        n = curation.articles_set_status(
            articles=self._selected(queryset), status=ArticleStatus.PUBLISHED, user=request.user
        )
        self.message_user(request, f"{n} articles published.")

    @admin.action(description="Mark selected articles reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        n = curation.articles_mark_reviewed(articles=self._selected(queryset), user=request.user)
        self.message_user(request, f"{n} articles marked reviewed.")

    @admin.action(description="Add a topic to selected articles…", permissions=["change"])
    def add_topic(self, request, queryset):
        if "apply" in request.POST:
            form = AddTopicForm(request.POST)
            if form.is_valid():
                topic = form.cleaned_data["topic"]
                n = curation.articles_add_topic(
                    articles=self._selected(queryset), topic=topic, user=request.user
                )
                self.message_user(request, f"Topic “{topic}” added to {n} articles.")
                return None
        else:
            form = AddTopicForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a topic",
            "form": form,
            "articles": self._selected(queryset).only("id", "title")[:200],
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return render(request, "admin/articles/article/add_topic.html", context)

    @admin.action(description="Re-run extraction on selected articles", permissions=["change"])
    def reextract(self, request, queryset):
        ids = list(queryset.values_list("id", flat=True)[:5000])
        summary = reextract.articles_reextract_now(article_ids=ids)
        self.message_user(
            request, f"Re-extracted {summary.articles} articles: {summary.diff.line()}."
        )

    # -- stories: taking wrongly grouped articles out (services.stories records each decision)

    @admin.action(description="Remove selected articles from their stories", permissions=["change"])
    def remove_from_story(self, request, queryset):
        removed, alone = [], 0
        ids = list(queryset.order_by("id").values_list("id", flat=True)[: MAX_STORY_ACTION + 1])
        if len(ids) > MAX_STORY_ACTION:
            self.message_user(
                request,
                f"Only the first {MAX_STORY_ACTION} selected articles were taken out of "
                "their stories: run the action again for the rest.",
                messages.WARNING,
            )
        for pk in ids[:MAX_STORY_ACTION]:
            # Read again: removing an article may have dissolved the next one's story.
            article = models.Article.objects.only("id", "duplicate_group").get(pk=pk)
            if article.duplicate_group_id is None:
                alone += 1
                continue
            try:
                decision = stories.story_remove_article(article=article, user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"#{pk}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                removed.append(decision)
        if removed:
            self.message_user(
                request,
                format_html(
                    "{} removed from their stories; each is now a story of its own "
                    '(undo from <a href="{}">story decisions</a>).',
                    _plural(len(removed), "article"),
                    reverse("admin:articles_storydecision_changelist"),
                ),
            )
        if alone:
            self.message_user(
                request,
                f"{_plural(alone, 'article')} already a story of its own: left as it was.",
                messages.WARNING,
            )
        return _back(request)

    @admin.action(
        description="Split selected articles into a new story (articles of one story)",
        permissions=["change"],
    )
    def split_into_new_story(self, request, queryset):
        articles = list(queryset.select_related(None).prefetch_related(None).only("id"))
        try:
            decision = stories.story_split(articles=articles, user=request.user)
        except ValidationError as exc:
            self.message_user(request, f"Not split: {' '.join(exc.messages)}", messages.ERROR)
        else:
            self.message_user(
                request,
                format_html(
                    '{} (<a href="{}">undo from the decision</a>).',
                    decision.summary,
                    reverse("admin:articles_storydecision_change", args=[decision.pk]),
                ),
            )
        return _back(request)

    # -- extra pages: the recent-changes feed and mention reverts

    def get_urls(self):
        from .audit import recent_changes_view, revert_mention_view

        extra = [
            path(
                "recent-changes/",
                self.admin_site.admin_view(recent_changes_view),
                name="articles_recent_changes",
            ),
            path(
                "revert/<str:model_name>/<int:history_id>/",
                self.admin_site.admin_view(revert_mention_view),
                name="articles_article_revert_mention",
            ),
        ]
        return extra + super().get_urls()


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _back(request):
    """Return to the page an action was posted from (a story's page), if it says so."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return None  # the admin goes back to the list


def _compact(labels: list[str]) -> str:
    """Return at most MAX_COMPACT labels and "+N" for the rest."""
    if len(labels) <= MAX_COMPACT:
        return ", ".join(labels) or "—"
    return ", ".join(labels[:MAX_COMPACT]) + f" +{len(labels) - MAX_COMPACT}"
