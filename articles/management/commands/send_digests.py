"""Send the saved searches' email digests that are due (docs/following.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import timezone
from tqdm import tqdm

from articles.filtersets import ArticleFilterSet
from articles.services.digests import digests_due, digests_send

PROGRESS_FROM = 20  # searches due: from this many on, a progress bar


def read_query(query: str) -> ArticleFilterSet:
    """Read a saved query string: its criteria, and the values it now ignores."""
    return ArticleFilterSet(QueryDict(query))


class Command(BaseCommand):
    help = (
        "Send the daily and weekly digests of saved searches that are due. Idempotent and "
        "safe to run from cron every few minutes, several at once: a period's digest is "
        "sent once, an article listed once per search."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent; send and record nothing.",
        )
        parser.add_argument("--limit", type=int, help="Handle at most N due searches.")
        parser.add_argument(
            "--now",
            help="Act as if it were this ISO time (UTC if no offset): for tests and catching up.",
        )

    def handle(self, *args, dry_run=False, limit=None, now=None, **options):
        moment = self._moment(now)
        ids = digests_due(now=moment)
        if limit is not None:
            if limit < 1:
                raise CommandError("--limit must be at least 1")
            ids = ids[:limit]
        quiet = options.get("verbosity", 1) < 1 or len(ids) < PROGRESS_FROM
        with tqdm(total=len(ids), unit="search", desc="digests", disable=quiet) as bar:
            report = digests_send(
                ids=ids,
                now=moment,
                read_query=read_query,
                dry_run=dry_run,
                progress=bar.update,
            )
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{len(ids)} due. {report.summary()}")
        if report.outcomes["failed"]:
            raise CommandError(f"{report.outcomes['failed']} digest(s) failed: see the log.")

    @staticmethod
    def _moment(text: str | None) -> datetime:
        if not text:
            return timezone.now()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise CommandError(f"--now must be an ISO date and time, not {text!r}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment
