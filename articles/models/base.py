"""Abstract bases shared by the app's models."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Record when a row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UndoableDecision(TimeStampedModel):
    """An editor's recorded action that can be undone: who made it, who undid it, when."""

    summary = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class ReferenceTrackedModel(TimeStampedModel):
    """A row that ``load_reference`` may create and update.

    ``ref_fingerprint`` is a hash of the values the reference data last wrote. When the
    row's current values no longer hash to it, an editor changed the row, and
    ``load_reference`` leaves it alone: reference updates never overwrite an editor.
    Rows made by editors or the extractor have an empty fingerprint and are never touched.
    """

    ref_fingerprint = models.CharField(
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text="Hash of the values last loaded from the reference data (empty: not from it).",
    )

    class Meta:
        abstract = True


class SavedOnlyHistoricalRecords(HistoricalRecords):
    """History of saves only, for the big mention tables.

    Editors remove a mention by marking it ``suppressed`` (a save, so it is recorded);
    deletes are the extractor replacing its own automatic rows. Without delete receivers
    Django keeps its fast bulk-delete path, so ``reextract`` and updating imports stay as
    fast as before history was added.
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        models.signals.post_delete.disconnect(self.post_delete, sender=sender)
        models.signals.pre_delete.disconnect(self.pre_delete, sender=sender)
