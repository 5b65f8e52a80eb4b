"""Editor curation bookkeeping: undoable official merges and background topic re-tagging."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import TimeStampedModel, UndoableDecision
from .entities import Official, Topic


class OfficialMerge(UndoableDecision):
    """One merge of officials into a survivor, with the log of every row it changed.

    ``operations`` lists, in order, what the merge did (rows moved, folded, deleted or
    created, with their values before); undoing replays it backwards, so the officials,
    aliases, appointments and mentions come back exactly as they were.
    """

    survivor = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="merges")
    others = models.ManyToManyField(Official, related_name="merged_by", blank=True)
    operations = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.summary or f"Merge into {self.survivor}"


class TopicApplyJob(TimeStampedModel):
    """Re-tagging the stored articles after a topic's rules changed, run in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="apply_jobs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0, help_text="Candidate articles to score.")
    done = models.PositiveIntegerField(default=0, help_text="Candidate articles scored so far.")
    gained = models.PositiveIntegerField(default=0)
    lost = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    last_article_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The last candidate written, with the counts, in its chunk's transaction: "
        "a job redelivered by the task queue goes on after it.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="topicapplyjob_status_idx")]

    def __str__(self):
        return f"Apply {self.topic} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        """Return how far the job is, 0–100."""
        if self.status == self.Status.FINISHED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Return whether an active job stopped reporting (its server was restarted)."""
        # A running job saves its progress every chunk of 500 articles, within seconds.
        return self.is_active and self.updated_at < timezone.now() - timedelta(minutes=2)
