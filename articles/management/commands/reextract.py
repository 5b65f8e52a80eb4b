"""Re-run extraction (and cleaning when outdated) over stored articles."""

import sys
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.pipeline.reextract import articles_reextract, articles_to_reextract


class Command(BaseCommand):
    help = (
        "Re-run extraction over stored articles after aliases, rules or blocklists changed. "
        "Editor-made and editor-removed mentions are kept. Bodies cleaned by an older "
        "cleaner are re-cleaned from the raw text (--reclean forces it for all), with their "
        "sources' furniture learned again from every stored raw text of those sources."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only articles published on or after this date.")
        parser.add_argument("--reclean", action="store_true", help="Re-clean every body.")
        parser.add_argument("--workers", type=int, help="Processes (default: cores).")

    def handle(self, *args, since, reclean, workers, **options):
        since_at = None
        if since:
            try:
                since_at = datetime.fromisoformat(since)
            except ValueError:
                raise CommandError(
                    f"--since must be an ISO date like 2012-04-09, not {since!r}"
                ) from None
            if since_at.tzinfo is None:
                since_at = since_at.replace(tzinfo=UTC)
        if workers is not None and workers < 1:
            raise CommandError("--workers must be at least 1.")
        total = articles_to_reextract(since=since_at).count()
        quiet = options["verbosity"] == 0 or not sys.stderr.isatty()
        with (
            tqdm(unit="art", desc="Learning furniture", disable=quiet) as learning,
            tqdm(total=total, unit="art", desc="Re-extracting", disable=quiet) as bar,
        ):

            def learned(articles: int, of: int) -> None:
                learning.total = of  # known once the service has chosen the sources
                learning.update(articles)

            summary = articles_reextract(
                since=since_at,
                reclean_all=reclean,
                workers=workers,
                on_progress=bar.update,
                on_learn_progress=learned,
            )
        self.stdout.write(summary.line())
        if options["verbosity"] > 1:
            self.stdout.write(summary.statistics.line())
