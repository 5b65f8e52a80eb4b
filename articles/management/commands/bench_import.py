"""Import a corpus into a fresh, empty database and print per-stage rates and peak memory."""

from bench import imports
from bench.command import BenchCommand


class Command(BenchCommand):
    runner = staticmethod(imports.run)
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
            "--queue-workers",
            type=int,
            default=0,
            help="Import through the task queue (CELERY_BROKER_URL): start this many "
            "one-process Celery workers on the benchmark's database.",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the benchmark database afterwards."
        )
