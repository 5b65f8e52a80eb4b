"""Time the curation services on the page benchmark's corpus (``bench_pages --keep``)."""

from __future__ import annotations

from bench import curation
from bench.command import BenchCommand
from bench.pages import BENCH_DATABASE


class Command(BenchCommand):
    runner = staticmethod(curation.run)
    help = (
        f"Time the topic preview, the candidates queue and merge/undo on {BENCH_DATABASE} "
        "(build it first with `bench_pages --articles N --keep`). Writes are rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, default=8, help="Topics to preview.")
        parser.add_argument(
            "--phrase", default="talks", help="Include phrase added to each previewed topic."
        )
