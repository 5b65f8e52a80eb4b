"""Admin: sources (with their cleaning rules), import runs, rejected documents."""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles import models
from articles.pipeline import retry
from articles.safe_links import visible_text

from .changelist import BoundedCountPaginator
from .object_views import ObjectViewsMixin


class SourceForm(forms.ModelForm):
    """A source's fields; each cleaning rule must be a valid regular expression."""

    class Meta:
        model = models.Source
        fields = ["name", "slug", "domain", "publisher_country", "cleaning_rules"]
        help_texts = {
            "cleaning_rules": (
                'A JSON list of regular expressions, e.g. ["^Follow us on "]: a paragraph '
                "of this source's bodies in which one is found is removed when articles are "
                "imported (^ and $ match at line ends). Re-import to apply to stored articles."
            ),
        }

    def clean_cleaning_rules(self):
        rules = self.cleaned_data.get("cleaning_rules") or []
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise forms.ValidationError("Give a list of regular expressions (strings).")
        for rule in rules:
            try:
                re.compile(rule)
            except re.error as exc:
                raise forms.ValidationError(f"{rule!r} is not a regular expression: {exc}") from exc
        return rules


@admin.register(models.Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceForm
    list_display = ["name", "slug", "domain", "publisher_country", "articles_link"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["publisher_country"]
    autocomplete_fields = ["publisher_country"]
    readonly_fields = ["learned_furniture_sample"]

    @admin.display(description="articles")
    def articles_link(self, source):
        url = reverse("admin:articles_article_changelist") + f"?source__id__exact={source.pk}"
        return format_html('<a href="{}">articles</a>', url)

    @admin.display(description="learned furniture")
    def learned_furniture_sample(self, source):
        """Show how many repeated paragraphs were learned from the source, and a few."""
        keys = source.learned_furniture or []
        if not keys:
            return "None learned yet."
        # Long ones first: prose repeated by follow-ups would be long, so they are worth a look.
        shown = sorted(keys, key=len, reverse=True)[:FURNITURE_SHOWN]
        return format_html(
            "{} paragraphs repeated across this source's articles are removed from its "
            "bodies (learned by imports and re-cleaning; normalised: lower case, digits as "
            "0). {}:<ul>{}</ul>",
            len(keys),
            "All" if len(keys) <= FURNITURE_SHOWN else f"The {FURNITURE_SHOWN} longest",
            format_html_join(
                "", "<li>{}</li>", ((k if len(k) <= 300 else k[:300] + "…",) for k in shown)
            ),
        )


FURNITURE_SHOWN = 10


WARNINGS_SHOWN = 50  # on an import run's page; the rest in the warnings list


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records made by commands, never by hand: editors read them, nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.RecordWarning)
class RecordWarningAdmin(ReadOnlyAdmin):
    """What imports noticed about the records they imported, by run (read only)."""

    list_display = ["import_run", "origin", "record_key_shown", "message"]
    list_filter = ["import_run"]
    search_fields = ["origin", "record_key", "message"]
    list_select_related = ["import_run"]

    @admin.display(description="record key", ordering="record_key")
    def record_key_shown(self, warning):
        # The key is the record's url or id as imported, hidden characters and all.
        return visible_text(warning.record_key)


@admin.register(models.ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
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
        "warnings",
        "dry_run",
        "progress",
    ]
    list_filter = ["status", "dry_run"]
    exclude = ["plan"]  # what the workers read: large, and nothing an editor needs
    readonly_fields = [
        f.name for f in models.ImportRun._meta.fields if f.name not in ("plan", "batches_total")
    ] + ["links", "progress", "batches_shown"]

    readonly_fields = [*readonly_fields, "warnings_shown"]

    def get_queryset(self, request):
        # Written batches counted in the one query of the list, not one per row.
        return super().get_queryset(request).defer("plan").annotate(written=Count("batches"))

    @admin.display(description="batches")
    def progress(self, run):
        """Queued runs: batches written by the workers of those sent so far; else "–"."""
        if run.batches_total is None:
            return "in-process"
        return f"{run.written} of {run.batches_total} written"

    @admin.display(description="batches by worker")
    def batches_shown(self, run):
        if run.batches_total is None:
            return "in-process (no task queue)"
        rows = (
            run.batches.values("worker")
            .annotate(n=Count("id"), records=Sum("records"), cpu=Sum("cpu_seconds"))
            .order_by("worker")
        )
        return format_html(
            "<table><thead><tr><th scope='col'>worker</th><th scope='col'>batches</th>"
            "<th scope='col'>records</th><th scope='col'>CPU seconds</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((r["worker"], r["n"], r["records"], f"{r['cpu']:.1f}") for r in rows),
            )
            or format_html("<tr><td colspan='4'>none yet</td></tr>"),
        )

    @admin.display(description="see")
    def links(self, run):
        articles = reverse("admin:articles_article_changelist") + f"?import_run={run.pk}"
        rejects = reverse("admin:articles_rejecteddocument_changelist") + (
            f"?import_run__id__exact={run.pk}"
        )
        warnings = reverse("admin:articles_recordwarning_changelist") + (
            f"?import_run__id__exact={run.pk}"
        )
        return format_html(
            '<a href="{}">its articles</a> · <a href="{}">its rejects</a> · '
            '<a href="{}">its warnings</a>',
            articles,
            rejects,
            warnings,
        )

    @admin.display(description="first warnings")
    def warnings_shown(self, run):
        shown = list(run.warning_set.all()[:WARNINGS_SHOWN])
        if not shown:
            return "none"
        rows = format_html_join(
            "", "<li><code>{}</code> — {}</li>", ((w.origin, w.message) for w in shown)
        )
        more = (
            format_html(" <p>{} in all: see “its warnings” above.</p>", run.warnings)
            if run.warnings > len(shown)
            else ""
        )
        return format_html("<ul>{}</ul>{}", rows, more)


@admin.register(models.RejectedDocument)
class RejectedDocumentAdmin(ObjectViewsMixin, admin.ModelAdmin):
    list_display = ["origin", "reason", "import_run", "created_at", "resolved"]
    list_filter = ["resolved", "import_run"]
    search_fields = ["origin", "reason"]
    fields = [
        "import_run",
        "origin",
        "external_id_shown",
        "reason",
        "created_at",
        "resolved",
        "download",
    ]
    readonly_fields = fields
    list_select_related = ["import_run"]
    show_full_result_count = False
    paginator = BoundedCountPaginator
    actions = ["retry"]

    def get_queryset(self, request):
        # The bytes are only read by the download view.
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="external id")
    def external_id_shown(self, document):
        return visible_text(document.external_id)

    @admin.display(description="original bytes")
    def download(self, document):
        url = reverse("admin:articles_rejecteddocument_download", args=[document.pk])
        return format_html('<a href="{}" download>download</a>', url)

    object_views = {"download": "download_view"}

    def download_view(self, request, pk: int):
        """Send the document's original bytes as a file (never rendered by the browser)."""
        document = self.view_object(request, pk, permission="view")
        name = retry.leaf_name(document.origin).replace('"', "")
        response = HttpResponse(bytes(document.raw or b""), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.action(description="Retry import of selected documents", permissions=["change"])
    def retry(self, request, queryset):
        for document in queryset.select_related("import_run")[:100]:
            result = retry.rejected_document_retry(document=document, user=request.user)
            level = messages.SUCCESS if result.imported else messages.WARNING
            self.message_user(request, f"{document.origin}: {result.message}", level)
