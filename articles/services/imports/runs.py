"""The ImportRun's life: started (runs that never finished marked interrupted), finished."""

from __future__ import annotations

from django.utils import timezone

from articles.choices import ImportStatus
from articles.models import ImportRun


def import_run_start(*, arguments: dict, dry_run: bool = False) -> ImportRun:
    """Create the ImportRun row for a new run; mark runs that never finished as interrupted."""
    ImportRun.objects.filter(status=ImportStatus.RUNNING).update(status=ImportStatus.INTERRUPTED)
    return ImportRun.objects.create(arguments=arguments, dry_run=dry_run)


def import_run_finish(*, run: ImportRun, status: str = ImportStatus.FINISHED) -> ImportRun:
    """Mark ``run`` finished (or failed) and reload its counters."""
    ImportRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())
    run.refresh_from_db()
    return run
