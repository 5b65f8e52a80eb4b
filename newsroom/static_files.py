"""Collect static files only when a source file changed since the last collection.

``collectstatic`` with WhiteNoise's compressed manifest storage hashes every file and
compresses each with gzip and Brotli on every run, changed or not: about 25 s of CPU on a
2-core machine for the admin's, the API docs' and the site's ~500 files. ``make run`` and
the load benchmarks start a server that needs them each time; this runs the collection
when the sources differ from those of the last one (a file added, removed, resized or
touched: its path, size and modification time), and says so otherwise.

One process collects at a time (a lock file beside ``STATIC_ROOT``): two benchmarks
started together never write the same folder at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STAMP = ".sources"  # in STATIC_ROOT: the fingerprint of the sources last collected


def sources_fingerprint() -> str:
    """Return a digest of every static source file's path, size and modification time."""
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            prefix = getattr(storage, "prefix", None) or ""
            entries.append(f"{prefix}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_if_changed(collect: Callable[[], None]) -> bool:
    """Run ``collect`` (a ``collectstatic``) unless the sources are those last collected.

    Return whether it ran. The fingerprint is written only after ``collect`` returned, so
    an interrupted collection is done again next time.
    """
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / STAMP
    with open(root.parent / f"{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fingerprint = sources_fingerprint()
        if stamp.is_file() and stamp.read_text() == fingerprint:
            return False
        stamp.unlink(missing_ok=True)
        collect()
        stamp.write_text(fingerprint)
        return True
