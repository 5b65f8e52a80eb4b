"""Retrying a rejected document: its stored bytes through the import again.

Used after a fix to the parser or cleaner; the retry is an ImportRun of its own.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from articles.ingest.readers.detect import strip_compression
from articles.models import RejectedDocument
from articles.pipeline.imports import run_import


@dataclass(frozen=True)
class RetryResult:
    """What retrying a rejected document did."""

    imported: bool
    message: str
    run_id: int | None = None


def leaf_name(origin: str) -> str:
    """Return the file name a record's bytes should be read as (format from its extension).

    ``corpus/a.zip!dir/b.jsonl.gz:17`` -> ``b.jsonl``: the member of an archive, without the
    line number and the compression the reader had already undone.
    """
    leaf = origin.split("!")[-1]
    head, _, tail = leaf.rpartition(":")
    if head and tail.isdigit():
        leaf = head
    return strip_compression(Path(leaf).name) or "record.txt"


def rejected_document_retry(*, document: RejectedDocument, user) -> RetryResult:
    """Import a rejected document's stored bytes again through the import pipeline.

    Used after a fix to the parser or cleaner. Success marks the document resolved; a new
    failure replaces its reason. Either way the attempt is an ImportRun of its own.
    """
    if document.resolved:
        return RetryResult(False, "already imported")
    name = leaf_name(document.origin)
    if name.lower().endswith((".csv", ".tsv")):
        return RetryResult(
            False, "a CSV row cannot be read without its file's header: import the file again"
        )
    raw = bytes(document.raw or b"")
    source = (document.import_run.arguments or {}).get("source")
    with tempfile.TemporaryDirectory(prefix="newsroom-retry-") as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        summary = run_import([str(path)], source=source, workers=1)
    run_id = summary.run_id
    if summary.outcomes.get("rejected", 0):
        # The retry's own run recorded the reject again: keep the original row only.
        retried = RejectedDocument.objects.filter(import_run_id=run_id).first()
        reason = retried.reason if retried else "rejected again"
        RejectedDocument.objects.filter(import_run_id=run_id).delete()
        document.reason = f"{reason} (retried in import #{run_id})"
        document.save(update_fields=["reason"])
        return RetryResult(False, f"still rejected: {reason}", run_id)
    document.resolved = True
    document.save(update_fields=["resolved"])
    outcome = next((name for name, n in summary.outcomes.items() if n), "imported")
    return RetryResult(True, f"{outcome} in import #{run_id}", run_id)
