"""Task queue bookkeeping for work other than imports: re-extraction and index rebuilds."""

from django.db import models

from articles.choices import ImportStatus


class WrittenBatch(models.Model):
    """What every queued batch's row says of its writing: which worker, its CPU, when."""

    worker = models.CharField(max_length=200, blank=True, help_text="Host and process.")
    cpu_seconds = models.FloatField(default=0.0, help_text="The worker's CPU for the batch.")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TaskRun(models.Model):
    """One ``reextract`` or ``rebuild_index --node`` sent to the task queue's workers.

    The command that sent it waits on this row (and its batches) for progress and the
    outcome: the queue keeps no results.
    """

    class Kind(models.TextChoices):
        REEXTRACT = "reextract", "Re-extraction"
        REBUILD_INDEX = "rebuild_index", "Index rebuild"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    plan = models.JSONField(
        default=dict, blank=True, help_text="What every batch's worker needs besides its ids."
    )
    batches_total = models.PositiveIntegerField(default=0, help_text="Batches sent so far.")
    done = models.PositiveIntegerField(
        default=0, help_text="Articles done so far by a one-task run (an index rebuild)."
    )
    result = models.JSONField(default=dict, blank=True, help_text="A one-task run's outcome.")
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"


class TaskBatch(WrittenBatch):
    """One batch of a queued run, written by a worker: recorded in the transaction that
    wrote the batch's changes, once (a redelivered batch finds it and is skipped)."""

    run = models.ForeignKey(TaskRun, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField(help_text="Its place in the run, from 0.")
    articles = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True, help_text="What the batch changed.")

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="taskbatch_once_per_run"),
        ]

    def __str__(self):
        return f"Task run #{self.run_id} batch {self.number}"
