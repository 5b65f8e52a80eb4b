"""Import bookkeeping: every run's arguments and counts, every rejected input."""

from django.db import models

from articles.choices import ImportStatus

from .queue import WrittenBatch


class ImportRun(models.Model):
    """One ``import_corpus`` invocation and what became of each record it read."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    arguments = models.JSONField(default=dict, blank=True, help_text="Paths and options as given.")
    records_read = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    dry_run = models.BooleanField(default=False)
    batches_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Batches sent to the task queue (None: in-process)."
    )
    plan = models.JSONField(
        default=dict,
        blank=True,
        help_text="What every batch's worker needs besides its records (queued runs).",
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Import #{self.pk} ({self.started_at:%Y-%m-%d %H:%M}, {self.status})"

    @property
    def accounted(self) -> int:
        """Return how many records ended in one of the five outcomes."""
        return self.inserted + self.updated + self.unchanged + self.duplicate + self.rejected


class ImportBatch(WrittenBatch):
    """One batch of a queued import, written by a worker: recorded in the transaction that
    wrote the batch's articles, once (a redelivered batch finds it and is skipped)."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField(help_text="Its place in the input, from 0.")
    records = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["import_run", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_run", "number"], name="importbatch_once_per_run"
            ),
        ]

    def __str__(self):
        return f"Import #{self.import_run_id} batch {self.number}"


class RejectedDocument(models.Model):
    """An input record that could not be imported, with its reason and original bytes."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejects")
    origin = models.CharField(max_length=1000, help_text="Where the record was read from.")
    external_id = models.CharField(max_length=500, blank=True)
    reason = models.TextField()
    raw = models.BinaryField(help_text="The record's original bytes.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False, help_text="Imported after a retry.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_run", "origin"], name="rejected_unique_per_run"
            ),
        ]

    def __str__(self):
        return f"{self.origin}: {self.reason[:60]}"


class RecordWarning(models.Model):
    """Something an import noticed about a record it still imported (a dropped date, no
    headline…), with where the record came from."""

    import_run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="warning_set")
    origin = models.CharField(max_length=1000, help_text="Where the record was read from.")
    record_key = models.CharField(
        max_length=1000, blank=True, help_text="The record's url, else its source and id."
    )
    message = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["import_run", "id"], name="recordwarning_run_idx")]

    def __str__(self):
        return f"{self.origin}: {self.message[:60]}"


class ArticleRevision(models.Model):
    """A text an import replaced: an article's earlier version, kept when an edited version
    of it came in under the same URL."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    import_run = models.ForeignKey(
        ImportRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The import that replaced this text.",
    )
    replaced_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=1000)
    body = models.TextField()
    raw_text = models.TextField(help_text="The text as imported.")
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"Earlier text of article {self.article_id} ({self.replaced_at:%Y-%m-%d})"
