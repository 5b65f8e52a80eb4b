"""Write the filtered article list to a CSV or JSON-lines file, as /articles/export.* does."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from articles.filtersets import ArticleFilterSet
from articles.selectors.export import article_export_rows
from articles.selectors.export_formats import export_stream

# Repeatable options: parameter name → option (docs/architecture.md's parameter names).
REPEATABLE = ("country", "official", "organization", "topic", "source")


class Command(BaseCommand):
    help = (
        "Export every article matching the list's filters (the options are /articles/'s "
        "parameters) to a CSV or JSON-lines file, streamed from the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        parser.add_argument(
            "--output", "-o", default="-", help="File to write (default: standard output)."
        )
        parser.add_argument("--q", help='Full-text search: words, "phrases", or, -exclusions.')
        for name in REPEATABLE:
            parser.add_argument(
                f"--{name}", action="append", default=[], help=f"{name} (repeatable)"
            )
        parser.add_argument("--match", choices=["any", "all"])
        parser.add_argument("--focus", action="store_true", help="Only where it is a focus.")
        parser.add_argument("--date-from", help="ISO date, inclusive.")
        parser.add_argument("--date-to", help="ISO date, inclusive.")
        parser.add_argument("--undated", action="store_true", help="Only undated articles.")
        parser.add_argument(
            "--copies", choices=["all"], help="Every outlet's copy (default: one row per story)."
        )
        parser.add_argument("--sort", choices=["newest", "oldest", "relevance"])
        parser.add_argument(
            "--with-body",
            action="store_true",
            help="Add each article's cleaned text (a body column; /articles/export.*?fields=body).",
        )

    def handle(self, *args, **options):
        params = QueryDict(mutable=True)
        for name in REPEATABLE:
            params.setlist(name, options[name])
        for name in ("q", "match", "date_from", "date_to", "copies", "sort"):
            if options.get(name):
                params[name] = options[name]
        if options["focus"]:
            params["focus"] = "1"
        if options["undated"]:
            params["undated"] = "1"
        filterset = ArticleFilterSet(params)
        if filterset.errors:
            reasons = [r for rs in filterset.errors.values() for r in rs]
            raise CommandError("Nothing exported: " + " ".join(reasons))
        body = options["with_body"]
        rows = article_export_rows(
            criteria=filterset.criteria, sort=filterset.sort_order, body=body
        )
        fmt, output = options["format"], options["output"]
        stats: dict = {}
        chunks = export_stream(rows, fmt=fmt, stats=stats, body=body)
        if output == "-":
            for chunk in chunks:
                self.stdout.write(chunk.decode(), ending="")
            where = "standard output"
        else:
            try:
                with open(output, "wb") as stream:
                    for chunk in chunks:
                        stream.write(chunk)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc}") from exc
            where = output
        self.stderr.write(f"Exported {stats['rows']:,} articles to {where}.")
