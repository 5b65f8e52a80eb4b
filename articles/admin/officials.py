"""Admin: Officials with aliases and appointments, the candidates queue, undoable merges."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.choices import OfficialStatus
from articles.selectors import curation as reads
from articles.services import officials as service

from .object_views import ObjectViewsMixin, undo_action

CANDIDATES_PER_PAGE = 50


class OfficialAliasInline(admin.TabularInline):
    model = models.OfficialAlias
    extra = 0
    fields = ["alias", "key", "blocked", "origin"]
    readonly_fields = ["key"]


class AppointmentDatesForm(forms.ModelForm):
    """Say clearly when a term ends before it starts (the database refuses it too)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError(
                f"The term ends ({end}) before it starts ({start}).", code="end_before_start"
            )
        return data


def _term(data: dict) -> service.Term:
    """The appointment a form's cleaned data describes, as the overlap check reads it."""
    return service.Term(
        post=data["post"],
        post_kind=data.get("post_kind") or "other",
        country_id=data["country"].pk if data.get("country") else None,
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
        start=data.get("start_date"),
        end=data.get("end_date"),
    )


class AppointmentFormSet(BaseInlineFormSet):
    """Check the official's terms together: errors block saving, warnings are shown."""

    warnings: list[str]

    def clean(self):
        super().clean()
        self.warnings = []
        if any(self.errors):
            return
        terms = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("post"):
                continue
            terms.append(_term(data))
        report = service.appointments_check(official=self.instance, terms=terms)
        if report.errors:
            raise ValidationError(report.errors)
        self.warnings = report.warnings


class AppointmentInline(admin.TabularInline):
    model = models.Appointment
    form = AppointmentDatesForm
    formset = AppointmentFormSet
    extra = 0
    fk_name = "official"
    fields = ["post", "post_kind", "country", "organisation", "start_date", "end_date", "proposed"]
    autocomplete_fields = ["country", "organisation"]


class AttachForm(forms.Form):
    """Choose the known official a candidate's name belongs to."""

    target = forms.ModelChoiceField(
        label="Official",
        queryset=models.Official.objects.filter(
            status=OfficialStatus.CONFIRMED, merged_into__isnull=True
        ),
        widget=AutocompleteSelect(models.Official._meta.get_field("merged_into"), admin.site),
        help_text="Type part of a name or alias.",
    )


@admin.register(models.Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nationality", "status", "merged_into", "public_page"]
    list_filter = ["status", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases__alias"]
    list_select_related = ["nationality", "merged_into"]
    autocomplete_fields = ["nationality"]
    readonly_fields = ["merged_into"]
    inlines = [OfficialAliasInline, AppointmentInline]
    show_full_result_count = False
    actions = ["merge_officials", "approve_candidates", "reject_candidates"]
    change_list_template = "admin/articles/official/official_change_list.html"

    @admin.display(description="Public page")
    def public_page(self, obj):
        if obj.status == OfficialStatus.REJECTED:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def get_search_results(self, request, queryset, search_term):
        """Offer only live, confirmed officials when attaching a candidate."""
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/") and request.GET.get("field_name") == (
            "merged_into"
        ):
            queryset = queryset.filter(status=OfficialStatus.CONFIRMED, merged_into__isnull=True)
        return queryset, duplicates

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for warning in getattr(formset, "warnings", []):
                messages.warning(request, warning)

    # -- URLs -----------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("candidates/", wrap(self.candidates_view), name="articles_official_candidates"),
            path(
                "candidates/<int:pk>/attach/",
                wrap(self.candidate_attach_view),
                name="articles_official_candidate_attach",
            ),
            path(
                "candidates/<int:pk>/<str:decision>/",
                wrap(self.candidate_decide_view),
                name="articles_official_candidate_decide",
            ),
            *super().get_urls(),
        ]

    def _require_change(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    # -- Candidates queue -----------------------------------------------------------------

    def candidates_view(self, request):
        """List candidate officials, most often seen first, with their evidence."""
        self._require_change(request)
        q = request.GET.get("q", "").strip()[:100]
        paginator = Paginator(reads.candidate_queryset(q=q), CANDIDATES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        evidence = reads.candidate_evidence(official_ids=[o.pk for o in page])
        rows = [(official, evidence[official.pk]) for official in page]
        context = {
            **self.admin_site.each_context(request),
            "title": "Candidate officials",
            "opts": self.model._meta,
            "rows": rows,
            "page_obj": page,
            "q": q,
        }
        return TemplateResponse(request, "admin/articles/official/candidates.html", context)

    def candidate_decide_view(self, request, pk, decision):
        """Approve or reject one candidate (POST only), back to the queue."""
        self._require_change(request)
        queue = reverse("admin:articles_official_candidates")
        if request.method != "POST" or decision not in ("approve", "reject"):
            return HttpResponseRedirect(queue)
        official = get_object_or_404(models.Official, pk=pk)
        try:
            if decision == "approve":
                service.candidate_approve(official=official, user=request.user)
                messages.success(request, f"Approved {official.name}.")
            else:
                service.candidate_reject(official=official, user=request.user)
                messages.success(
                    request, f"Rejected {official.name}: this name will not be proposed again."
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(queue)

    def candidate_attach_view(self, request, pk):
        """Attach a candidate to a known official: its name becomes an alias."""
        self._require_change(request)
        official = get_object_or_404(models.Official, pk=pk)
        form = AttachForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                merge = service.candidate_attach(
                    official=official, target=form.cleaned_data["target"], user=request.user
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    f"“{official.name}” is now an alias of {merge.survivor.name}; "
                    "its mentions moved (undo from the merge record).",
                )
                return HttpResponseRedirect(reverse("admin:articles_official_candidates"))
        evidence = reads.candidate_evidence(official_ids=[official.pk])[official.pk]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Attach “{official.name}” to a known official",
            "opts": self.model._meta,
            "official": official,
            "evidence": evidence,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/official/attach.html", context)

    # -- Actions --------------------------------------------------------------------------

    @admin.action(description="Approve selected candidates", permissions=["change"])
    def approve_candidates(self, request, queryset):
        self._each_candidate(request, queryset, service.candidate_approve, "Approved")

    @admin.action(description="Reject selected candidates", permissions=["change"])
    def reject_candidates(self, request, queryset):
        self._each_candidate(request, queryset, service.candidate_reject, "Rejected")

    def _each_candidate(self, request, queryset, decide, verb: str) -> None:
        done = 0
        for official in queryset.filter(status=OfficialStatus.CANDIDATE):
            decide(official=official, user=request.user)
            done += 1
        messages.success(request, f"{verb} {done} candidate(s).")

    @admin.action(description="Merge selected officials…", permissions=["change"])
    def merge_officials(self, request, queryset):
        """Ask which official remains, then merge the others into it."""
        officials = list(queryset.select_related("nationality").order_by("name", "id"))
        if len(officials) < 2:
            messages.error(request, "Select two or more officials to merge.")
            return None
        if request.POST.get("post") == "yes":
            survivor = next(
                (o for o in officials if str(o.pk) == request.POST.get("survivor")), None
            )
            if survivor is None:
                messages.error(request, "Choose the official that remains.")
            else:
                try:
                    merge = service.official_merge(
                        survivor=survivor, others=officials, user=request.user
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    return None
                url = reverse("admin:articles_officialmerge_change", args=[merge.pk])
                messages.success(
                    request,
                    format_html(
                        'Merged: {}. <a href="{}">Undo from the merge record</a>.',
                        merge.summary,
                        url,
                    ),
                )
                return None
        counts = {
            row["official_id"]: row["n"]
            for row in models.ArticleOfficial.objects.filter(official__in=officials)
            .values("official_id")
            .annotate(n=Count("id"))
        }
        for official in officials:
            official.article_count = counts.get(official.pk, 0)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge officials",
            "opts": self.model._meta,
            "officials": officials,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "merge_officials",
        }
        return TemplateResponse(request, "admin/articles/official/merge_confirm.html", context)


class AppointmentAdminForm(AppointmentDatesForm):
    """One appointment checked against the official's other terms and other holders."""

    class Meta:
        model = models.Appointment
        fields = [
            "official",
            "post",
            "post_kind",
            "country",
            "organisation",
            "start_date",
            "end_date",
            "proposed",
            "origin",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []

    def clean(self):
        data = super().clean()
        official = data.get("official")
        if official is None or not data.get("post"):
            return data
        term = _term(data)
        siblings = official.appointments.all()
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        report = service.appointments_check(
            official=official,
            terms=[term, *(service.term_from_appointment(a) for a in siblings)],
        )
        if report.errors:
            raise ValidationError(report.errors)
        self.warnings = report.warnings
        return data


@admin.register(models.OfficialAlias)
class OfficialAliasAdmin(SimpleHistoryAdmin):
    list_display = ["alias", "official", "key", "blocked"]
    search_fields = ["alias", "key"]
    list_select_related = ["official"]
    autocomplete_fields = ["official"]
    show_full_result_count = False


@admin.register(models.Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    form = AppointmentAdminForm
    list_display = ["official", "post", "country", "organisation", "start_date", "end_date"]
    list_filter = ["post_kind", "proposed"]
    search_fields = ["official__name", "post"]
    list_select_related = ["official", "country", "organisation"]
    autocomplete_fields = ["official", "country", "organisation"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in form.warnings:
            messages.warning(request, warning)


@admin.register(models.OfficialMerge)
class OfficialMergeAdmin(ObjectViewsMixin, admin.ModelAdmin):
    """Merges are made from the officials list; here they are reviewed and undone."""

    list_display = ["summary", "survivor", "created_by", "created_at", "undone_at"]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    search_fields = ["summary"]
    list_select_related = ["survivor", "created_by"]
    readonly_fields = [
        "survivor",
        "others_list",
        "summary",
        "created_by",
        "created_at",
        "undone_at",
        "undone_by",
        "moved",
    ]
    fields = readonly_fields
    actions = ["undo_merges"]
    change_form_template = "admin/articles/officialmerge/merge_change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record is what makes a merge undoable

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra = {"show_save": False, "show_save_and_continue": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra)

    @admin.display(description="Merged officials")
    def others_list(self, obj):
        return ", ".join(f"{o.name} (/officials/{o.slug}/)" for o in obj.others.all())

    @admin.display(description="What moved")
    def moved(self, obj):
        counts: dict[str, int] = {}
        for op in obj.operations:
            counts[op["op"]] = counts.get(op["op"], 0) + 1
        return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(counts.items()))

    object_views = {"undo": "undo_view"}

    def undo_view(self, request, pk):
        """Undo one merge (POST from the merge's page)."""
        merge = self.view_object(request, pk)
        if request.method == "POST":
            try:
                service.official_merge_undo(merge=merge, user=request.user)
                messages.success(request, f"Undone: {merge.summary}.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("admin:articles_officialmerge_change", args=[pk]))

    undo_merges = undo_action(
        "Undo selected merges (newest first)",
        lambda merge, user: service.official_merge_undo(merge=merge, user=user),
    )
