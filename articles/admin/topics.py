"""Admin: Topics with their rules inline; preview a rule change, then apply it in the background.

"Preview" re-renders the change form with the edited (unsaved) values and, above them,
how many stored articles would gain and lose the topic, with sample titles. "Save" keeps
the rules and starts a ``TopicApplyJob``; the editor lands on its progress page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.formsets import all_valid
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.services import topics as service

from .object_views import ObjectViewsMixin

PREVIEW = "_preview"


class TopicRuleInline(admin.TabularInline):
    model = models.TopicRule
    extra = 1
    fields = ["phrase", "weight", "kind"]


class _PreviewOnly(forms.ModelForm):
    """A change form that never validates: a preview must not save."""

    def clean(self):
        super().clean()
        raise ValidationError("Preview only: nothing was saved.")


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "threshold", "public_page"]
    search_fields = ["name", "slug"]
    inlines = [TopicRuleInline]
    change_form_template = "admin/articles/topic/topic_change_form.html"

    @admin.display(description="Public page")
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def get_form(self, request, obj=None, change=False, **kwargs):
        if getattr(request, "_topic_preview", False):
            kwargs["form"] = _PreviewOnly
        return super().get_form(request, obj, change=change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and PREVIEW in request.POST and object_id:
            preview = self._preview(request, object_id)
            if preview is not None:
                request._topic_preview = True
                extra_context = {**(extra_context or {}), "topic_preview": preview, "errors": None}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _preview(self, request, object_id) -> service.TopicPreview | None:
        """Return the preview of the posted rules, or None when the form has errors."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        original = models.Topic.objects.get(pk=obj.pk)
        form = self.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return None
        formsets, _ = self._create_formsets(request, form.instance, change=True)
        if not all_valid(formsets):
            return None
        rules = []
        for formset in formsets:
            if formset.model is not models.TopicRule:
                continue
            for rule_form in formset.forms:
                data = getattr(rule_form, "cleaned_data", None) or {}
                if not data.get("phrase") or data.get("DELETE"):
                    continue
                rules.append(
                    service.RuleSpec(data["phrase"], data.get("weight") or 0.0, data["kind"])
                )
        return service.topic_preview(
            topic=original, threshold=form.cleaned_data["threshold"], rules=rules
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rules_changed = any(f.has_changed() for f in formsets)
        if rules_changed or "threshold" in form.changed_data:
            request._topic_job = service.topic_apply_start(topic=form.instance, user=request.user)

    def response_change(self, request, obj):
        job = getattr(request, "_topic_job", None)
        if job is not None and "_continue" not in request.POST:
            messages.info(request, "Rules saved; stored articles are being re-tagged.")
            return HttpResponseRedirect(
                reverse("admin:articles_topicapplyjob_change", args=[job.pk])
            )
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        job = getattr(request, "_topic_job", None)
        if (
            job is not None
            and "_continue" not in request.POST
            and "_addanother" not in request.POST
        ):
            return HttpResponseRedirect(
                reverse("admin:articles_topicapplyjob_change", args=[job.pk])
            )
        return super().response_add(request, obj, post_url_continue)


@admin.register(models.TopicRule)
class TopicRuleAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "topic", "kind", "weight"]
    list_filter = ["kind", "topic"]
    search_fields = ["phrase"]
    list_select_related = ["topic"]


@admin.register(models.TopicApplyJob)
class TopicApplyJobAdmin(ObjectViewsMixin, admin.ModelAdmin):
    """Progress of re-tagging after a rule change (the page refreshes while it runs)."""

    list_display = ["topic", "status", "done", "total", "gained", "lost", "created_at"]
    list_filter = ["status"]
    list_select_related = ["topic"]
    readonly_fields = [
        "topic",
        "status",
        "done",
        "total",
        "gained",
        "lost",
        "error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    fields = readonly_fields
    change_form_template = "admin/articles/topicapplyjob/job_change_form.html"

    def has_add_permission(self, request):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra = {"show_save": False, "show_save_and_continue": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra)

    object_views = {"rerun": "rerun_view"}

    def rerun_view(self, request, pk):
        """Start a job again (one a restarted server left behind, or a failed one)."""
        job = self.view_object(request, pk)
        if request.method == "POST":
            new = service.topic_apply_start(topic=job.topic, user=request.user)
            return HttpResponseRedirect(
                reverse("admin:articles_topicapplyjob_change", args=[new.pk])
            )
        return HttpResponseRedirect(reverse("admin:articles_topicapplyjob_change", args=[pk]))
