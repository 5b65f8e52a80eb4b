"""Admin: stories (near-duplicate groups), their index rows, and editors' story decisions.

Decisions (articles taken out of a story) are made from the article list and a story's
page (``services.stories``); their list is read-only besides undo, which puts the articles
back into their story.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme

from articles import models
from articles.services import stories

from .changelist import BoundedCountPaginator
from .object_views import ObjectViewsMixin, undo_action

MEMBERS_SHOWN = 200


@admin.register(models.StoryDecision)
class StoryDecisionAdmin(ObjectViewsMixin, admin.ModelAdmin):
    """Who took which articles out of which story, when; undo puts them back."""

    list_display = ["summary", "kind", "created_by", "created_at", "undone_at"]
    list_filter = ["kind", ("undone_at", admin.EmptyFieldListFilter)]
    search_fields = ["summary"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "kind",
        "summary",
        "stories",
        "left",
        "stayed",
        "created_by",
        "created_at",
        "undone_at",
        "undone_by",
    ]
    fields = readonly_fields
    actions = ["undo_decisions"]

    def has_add_permission(self, request):
        return False  # made by splitting or removing articles, never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what keeps the articles apart, and makes undo possible

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra = {"show_save": False, "show_save_and_continue": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra)

    @admin.display(description="Stories")
    def stories(self, obj):
        existing = set(
            models.NearDuplicateGroup.objects.filter(
                pk__in=[obj.from_story, obj.new_story]
            ).values_list("pk", flat=True)
        )

        def link(pk):
            if pk in existing:
                url = reverse("admin:articles_nearduplicategroup_change", args=[pk])
                return format_html('<a href="{}">story #{}</a>', url, pk)
            return format_html("story #{} (dissolved)", pk)

        into = link(obj.new_story) if obj.new_story else "a story of its own"
        return format_html("from {} into {}", link(obj.from_story), into)

    @admin.display(description="Articles that left")
    def left(self, obj):
        return self._members(obj, moved=True)

    @admin.display(description="Articles that stayed")
    def stayed(self, obj):
        return self._members(obj, moved=False)

    def _members(self, obj, *, moved: bool):
        rows = (
            obj.members.filter(moved=moved)
            .select_related("article")
            .only("article__id", "article__title", "was_lead", "decision_id")
            .order_by("article_id")[:MEMBERS_SHOWN]
        )
        items = format_html_join(
            "",
            '<li><a href="{}">#{} {}</a>{}</li>',
            (
                (
                    reverse("admin:articles_article_change", args=[m.article.pk]),
                    m.article.pk,
                    m.article.title,
                    " (led the story)" if m.was_lead else "",
                )
                for m in rows
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "—"

    object_views = {"undo": "undo_view"}

    def undo_view(self, request, pk):
        """Undo one decision (POST from its page or the recent-changes feed)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        decision = self.view_object(request, pk)
        try:
            stories.story_decision_undo(decision=decision, user=request.user)
        except ValidationError as exc:
            messages.error(request, f"Not undone: {' '.join(exc.messages)}")
        else:
            messages.success(request, f"Undone: {decision.summary}. The articles are back.")
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:articles_storydecision_change", args=[pk])
        return HttpResponseRedirect(target)

    undo_decisions = undo_action(
        "Undo selected decisions (newest first)",
        lambda decision, user: stories.story_decision_undo(decision=decision, user=user),
        done_level=messages.INFO,
    )


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
