"""`make run`: set up everything a fresh clone needs, then serve the site with gunicorn.

Starts the embedded PostgreSQL (unless DATABASE_URL is set), migrates, loads the
reference data, imports the bundled sample corpus into an empty database, creates an
editor account when there is none (printing its password once), collects static files
and runs gunicorn on 127.0.0.1:$PORT. Ctrl-C stops gunicorn and then the database.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "articles" / "data" / "sample_corpus"
EDITOR_USERNAME = "editor"


def say(message: str) -> None:
    """Print a progress line at once (make buffers nothing, but pipes might)."""
    print(f"[newsroom] {message}", flush=True)


def prepare() -> None:
    """Migrate, load reference data and the sample corpus, and make sure an editor exists."""
    import django
    from django.core.management import call_command

    django.setup()
    say("migrating the database…")
    call_command("migrate", interactive=False, verbosity=0)
    say("loading reference data…")
    call_command("load_reference", verbosity=0)

    from articles.models import Article

    if not Article.objects.exists() and SAMPLE_CORPUS.is_dir():
        from django.core.management import get_commands

        if "import_corpus" in get_commands():
            say("importing the bundled sample corpus…")
            call_command("import_corpus", str(SAMPLE_CORPUS), verbosity=1)
    from articles.search import engine

    state, reason = engine.health()
    if state != "ok":
        say(f"{reason} Building it from the database…")
    call_command("rebuild_index", sync=True, verbosity=1 if state != "ok" else 0)
    ensure_editor()
    from newsroom.static_files import collect_if_changed

    say("collecting static files…")
    if not collect_if_changed(
        lambda: call_command("collectstatic", interactive=False, verbosity=0)
    ):
        say("static files unchanged since the last collection")


def ensure_editor() -> None:
    """Create the editor account when no staff user exists, printing its password once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    if user_model.objects.filter(is_staff=True, is_active=True).exists():
        return
    password = secrets.token_urlsafe(12)
    user = user_model.objects.create_user(EDITOR_USERNAME, password=password, is_staff=True)
    group = Group.objects.filter(name="Editors").first()
    if group:
        user.groups.add(group)
    say("created an editor account for /admin/ — this password is shown only once:")
    say(f"    username: {EDITOR_USERNAME}")
    say(f"    password: {password}")


def serve(port: str) -> int:
    """Run gunicorn in the foreground until Ctrl-C; return its exit status."""
    from newsroom.gunicorn import command

    process = subprocess.Popen(command(port), cwd=ROOT)
    say(
        f"serving on http://127.0.0.1:{port}/  (admin: http://127.0.0.1:{port}/admin/) — Ctrl-C stops"
    )
    try:
        return process.wait()
    except KeyboardInterrupt:
        # The terminal sent SIGINT to gunicorn too; give it a moment to finish requests.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        say("stopped.")
        return 0


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")
    port = os.environ.get("PORT") or "8000"
    if not os.environ.get("DATABASE_URL"):
        from newsroom.embedded_db import embedded_server_uri

        say("starting the embedded PostgreSQL in var/pgdata…")
        # Children (gunicorn) inherit the URL and never start a server of their own.
        os.environ["DATABASE_URL"] = embedded_server_uri()
    try:
        prepare()
    except KeyboardInterrupt:
        say("interrupted during set-up.")
        return 130
    return serve(port)


if __name__ == "__main__":
    sys.exit(main())
