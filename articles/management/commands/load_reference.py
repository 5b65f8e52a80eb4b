"""Load the gazetteer and taxonomy shipped in articles/data/ (idempotent, editor-safe)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.services import reference_load
from articles.services.reference import DATA_DIR


class Command(BaseCommand):
    help = (
        "Load countries, aliases, organisations, officials with appointments, and topics "
        "from the committed reference data. Safe to run again: rows an editor changed are kept. "
        "Then list the officials that look like two people merged into one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder of reference data files."
        )

    def handle(self, *args, data_dir: Path, **options):
        if not (data_dir / "countries.json").exists():
            raise CommandError(f"No reference data in {data_dir} (expected countries.json …).")
        report = reference_load(data_dir=data_dir)
        for table, stats in report.tables.items():
            self.stdout.write(f"{table:>22}: {stats}")
        self.stdout.write(
            self.style.SUCCESS(f"Reference data loaded: {report.changed} rows created or updated.")
        )
        suspects = report.suspects
        style = self.style.WARNING if suspects else self.style.SUCCESS
        self.stdout.write(style(f"Suspected wrong merges: {len(suspects)}"))
        for suspect in suspects:
            self.stdout.write(f"  {suspect}")
