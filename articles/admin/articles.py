"""Admin: Articles (curation), their mentions, near-duplicate groups.

The changelist stays fast on a million rows: bounded counts, the date index for ordering
and drill-down, full-text search through the GIN index, compact countries and officials
from two prefetch queries. Every editor change goes through ``services.curation``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.choices import ArticleStatus, OfficialStatus
from articles.models.articles import SEARCH_CONFIG
from articles.pipeline import reextract
from articles.safe_links import safe_link, visible_text
from articles.search import results
from articles.services import curation, stories

from .changelist import BoundedCountPaginator, DateProbeChangeList, IndexProbeQuerySet
from .evidence import evidence_html, texts_html

MAX_COMPACT = 4  # entities shown per article row before "+N"
MAX_STORY_ACTION = 500  # articles one "remove from story" action takes out (a decision each)


# ---------------------------------------------------------------------------- filters


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


# ---------------------------------------------------------------------------- inlines


def _post_changed(row, stored) -> bool:
    """Return whether an official mention's form changes the post it shows."""
    data = row.cleaned_data
    return (
        getattr(data.get("appointment"), "pk", None) != stored.appointment_id
        or (data.get("raw_title") or "") != stored.raw_title
        or bool(data.get("former")) != stored.former
    )


class MentionInline(admin.TabularInline):
    """Shared inline for the four mention kinds: shows evidence, edits through services.

    Adding a row stores an editor mention; ticking "delete" (or "suppressed") removes the
    mention as an editor, kept as suppressed so re-extraction never brings it back.
    """

    extra = 1
    entity_field = ""
    readonly_fields = ["evidence_shown", "origin", "count"]
    show_change_link = False
    can_delete = True
    template = "admin/edit_inline/tabular.html"

    def get_fields(self, request, obj=None):
        return [self.entity_field, "is_focus", "suppressed", *self.readonly_fields]

    def get_formset(self, request, obj=None, **kwargs):
        # Kept for the evidence column, which quotes the article's text around each match.
        self.article = obj
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.entity_field)

    @admin.display(description="evidence: words matched, where, why")
    def evidence_shown(self, mention):
        if mention is None or mention.pk is None:
            return ""
        return evidence_html(getattr(self, "article", None), mention.evidence)


class CountryMentionInline(MentionInline):
    model = models.ArticleCountry
    entity_field = "country"
    autocomplete_fields = ["country"]
    readonly_fields = ["kind", *MentionInline.readonly_fields]


class ArticleRevisionInline(admin.TabularInline):
    """The article's earlier texts, each kept when an import replaced it (read only)."""

    model = models.ArticleRevision
    extra = 0
    fields = ["replaced_at", "import_run", "title", "body"]
    readonly_fields = fields
    can_delete = False
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (replaced by later imports)"

    def has_add_permission(self, request, obj=None):
        return False


class OfficialMentionFormSet(BaseInlineFormSet):
    """Offer each official mention the posts of its own official (one query for all)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = {f.instance.official_id for f in self.forms if f.instance.official_id}
        posts: dict[int, list] = {}
        for appointment in models.Appointment.objects.filter(official_id__in=ids).select_related(
            "country", "organisation"
        ):
            posts.setdefault(appointment.official_id, []).append(appointment)
        for form in self.forms:
            field = form.fields.get("appointment")
            if field is None:
                continue
            theirs = posts.get(form.instance.official_id, [])
            field.queryset = models.Appointment.objects.filter(pk__in=[a.pk for a in theirs])
            field.choices = [("", "— no post: the title as written —")] + [
                (a.pk, _post_choice(a)) for a in theirs
            ]


def _post_choice(appointment) -> str:
    start = appointment.start_date.year if appointment.start_date else "?"
    end = appointment.end_date.year if appointment.end_date else ""
    return f"{appointment} ({start}–{end})"


class OfficialMentionInline(MentionInline):
    """Official mentions, with the post shown beside them: editors correct it here."""

    model = models.ArticleOfficial
    formset = OfficialMentionFormSet
    entity_field = "official"
    autocomplete_fields = ["official"]
    readonly_fields = ["raw_name", *MentionInline.readonly_fields]

    def get_fields(self, request, obj=None):
        return [
            self.entity_field,
            "appointment",
            "raw_title",
            "former",
            "is_focus",
            "suppressed",
            *self.readonly_fields,
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "appointment":  # a new row's: none until its official is saved
            kwargs["queryset"] = models.Appointment.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("appointment")


class OrganisationMentionInline(MentionInline):
    model = models.ArticleOrganisation
    entity_field = "organisation"
    autocomplete_fields = ["organisation"]


class TopicMentionInline(MentionInline):
    model = models.ArticleTopic
    entity_field = "topic"
    autocomplete_fields = ["topic"]
    readonly_fields = ["score", *MentionInline.readonly_fields]


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
            # positions (1.7 s for "peace talks" at a million articles); the search index
            # knows them. Its ids (hidden articles and copies included) bound the list.
            ids = results.text_ids(term)
            condition = Q(
                RawSQL('"articles_article"."id" = ANY(%s)', (ids,), output_field=BooleanField())
            )
        else:
            # Plain words stay in PostgreSQL: it walks the date index and stops at a page
            # of matches (measured: 30 ms for a word in 20% of articles).
            query = SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)
            condition = Q(search_vector=query)
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
        # Django's change message reads these; mentions are saved by the services below.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        kind = curation.mention_kind_of(inline_model)
        _, entity_field, _ = curation.MENTION_KINDS[kind]
        article = form.instance
        for row in formset.forms:
            if not row.has_changed() and not formset._should_delete_form(row):
                continue
            if not hasattr(row, "cleaned_data") or not row.cleaned_data:
                continue
            mention = row.instance
            entity = row.cleaned_data.get(entity_field)
            deleting = formset._should_delete_form(row)
            if mention.pk is None:
                if entity is not None and not deleting:
                    curation.mention_add(
                        article=article,
                        kind=kind,
                        entity_id=entity.pk,
                        user=request.user,
                        is_focus=bool(row.cleaned_data.get("is_focus")),
                    )
                continue
            stored = type(mention).objects.get(pk=mention.pk)
            if deleting or (row.cleaned_data.get("suppressed") and not stored.suppressed):
                curation.mention_remove(mention=stored, user=request.user)
            elif entity is not None and getattr(stored, f"{entity_field}_id") != entity.pk:
                curation.mention_remove(mention=stored, user=request.user)
                curation.mention_add(
                    article=article, kind=kind, entity_id=entity.pk, user=request.user
                )
            elif stored.suppressed and not row.cleaned_data.get("suppressed"):
                curation.mention_add(
                    article=article,
                    kind=kind,
                    entity_id=getattr(stored, f"{entity_field}_id"),
                    user=request.user,
                )
            elif stored.is_focus != bool(row.cleaned_data.get("is_focus")):
                curation.mention_restore(
                    mention=stored,
                    origin=stored.origin,
                    suppressed=stored.suppressed,
                    is_focus=bool(row.cleaned_data.get("is_focus")),
                    user=request.user,
                )
            if kind == "officials" and not deleting and _post_changed(row, stored):
                curation.mention_set_post(
                    mention=type(stored).objects.get(pk=stored.pk),
                    appointment_id=getattr(row.cleaned_data.get("appointment"), "pk", None),
                    raw_title=row.cleaned_data.get("raw_title") or "",
                    former=bool(row.cleaned_data.get("former")),
                    user=request.user,
                )

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


@admin.register(models.NearDuplicateGroup)
class NearDuplicateGroupAdmin(admin.ModelAdmin):
    """Stories (near-duplicate groups): each page lists the story's articles, with buttons
    to remove some or split them off (the article list's actions, posted from here).

    Lead and size follow the members (``services.stories`` keeps them right): shown, never
    edited.
    """

    MEMBERS_SHOWN = 500

    list_display = ["id", "lead", "size", "created_at"]
    list_select_related = ["lead"]
    fields = readonly_fields = ["lead", "size", "created_at"]
    show_full_result_count = False
    paginator = BoundedCountPaginator

    def has_add_permission(self, request):
        return False  # stories come from imports and editors' splits

    def change_view(self, request, object_id, form_url="", extra_context=None):
        members = []
        if str(object_id).isdigit():
            members = list(
                models.Article.objects.filter(duplicate_group_id=int(object_id))
                .select_related("source")
                .only("id", "title", "published_at", "status", "is_story_lead", "source__name")
                .order_by("id")[: self.MEMBERS_SHOWN + 1]
            )
        context = {
            "members": members[: self.MEMBERS_SHOWN],
            "members_capped": len(members) > self.MEMBERS_SHOWN,
            "can_change_articles": request.user.has_perm("articles.change_article"),
            "articles_url": reverse("admin:articles_article_changelist"),
            "show_save": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)


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


@admin.register(models.ArticleBand)
class ArticleBandAdmin(admin.ModelAdmin):
    """Near-duplicate index rows: read-only, for inspecting why articles were grouped."""

    list_display = ["band", "article"]
    autocomplete_fields = ["article"]
    show_full_result_count = False
    paginator = BoundedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def admin_url(obj) -> str:
    """Return the admin change page of ``obj``."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
