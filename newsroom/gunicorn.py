"""The gunicorn command line ``make run`` serves with (the load benchmark starts the same)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def command(port: str | int, *, access_log: bool = True) -> list[str]:
    """Return gunicorn's argv: ``WEB_CONCURRENCY`` workers of ``GUNICORN_THREADS`` threads."""
    return [
        str(Path(sys.executable).parent / "gunicorn"),
        "newsroom.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "3"),
        # Threaded workers keep telling the arbiter they are alive while a request runs, so a
        # million-row export streaming for minutes is not killed by the 30 s worker timeout.
        "--worker-class",
        "gthread",
        "--threads",
        os.environ.get("GUNICORN_THREADS", "4"),
        *(["--access-logfile", "-"] if access_log else []),
        "--graceful-timeout",
        "5",
    ]
