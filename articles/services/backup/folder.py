"""What a backup folder holds: its layout, its manifest, the index copy's check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .postgres import BackupError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database"  # the pg_dump directory-format archive, inside a backup folder
INDEX = "index"  # the copy of the search index, inside a backup folder


def count_documents(path: Path) -> int:
    """How many documents the index at ``path`` holds (it must open: a check of the copy)."""
    import tantivy

    index = tantivy.Index.open(str(path))
    index.reload()
    return index.searcher().num_docs


def remove(path: Path) -> None:
    """Remove the file or folder ``path`` if it exists."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def read_manifest(path: Path) -> dict | None:
    """The manifest of the backup folder ``path``; None for a single-file archive."""
    if path.is_file():
        return None
    try:
        return json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a backup folder: no readable {MANIFEST}.") from error
