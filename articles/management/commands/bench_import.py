"""Import a corpus into a fresh, empty database and print per-stage rates and peak memory."""

from django.core.management.base import BaseCommand

from bench import imports


class Command(BaseCommand):
    help = (
        "Benchmark import_corpus: create an empty database, load the reference data, import "
        "PATH, and print articles/s for reading, parsing+cleaning, near-duplicate signing, "
        "writing and in total, with the peak memory of the main process and workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--format", default="auto")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark database afterwards."
        )

    def handle(self, *args, paths, workers, limit, format, keep, **options):
        imports.run(
            self.stdout, paths=paths, workers=workers, limit=limit, format=format, keep=keep
        )
