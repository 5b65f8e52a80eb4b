"""Admin: the article form's inlines: its four kinds of mentions and its earlier texts.

Mention rows are saved by ``ArticleAdmin.save_formset`` through
``services.mention_edits``: ``mention_edits_from`` reads what an editor changed.
"""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from articles import models
from articles.services import mention_edits

from .evidence import evidence_html


def mention_edits_from(formset, *, entity_field: str) -> list[mention_edits.MentionEdit]:
    """Return the mention rows an editor changed or marked for deletion, as edits."""
    edits = []
    for row in formset.forms:
        if not row.has_changed() and not formset._should_delete_form(row):
            continue
        if not hasattr(row, "cleaned_data") or not row.cleaned_data:
            continue
        data = row.cleaned_data
        edits.append(
            mention_edits.MentionEdit(
                mention_id=row.instance.pk,
                entity_id=getattr(data.get(entity_field), "pk", None),
                delete=formset._should_delete_form(row),
                suppressed=bool(data.get("suppressed")),
                is_focus=bool(data.get("is_focus")),
                appointment_id=getattr(data.get("appointment"), "pk", None),
                raw_title=data.get("raw_title") or "",
                former=bool(data.get("former")),
            )
        )
    return edits


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
