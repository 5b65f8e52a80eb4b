"""Score the stored extraction of imported articles against a hand-labelled file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extract.evaluation import KINDS, evaluate, labels_from_jsonl
from articles.selectors.evaluation import evaluation_predictions


class Command(BaseCommand):
    help = (
        "Compare the countries, officials and organisations stored for labelled articles "
        "(found by url) with the labels of LABELS.jsonl and print precision, recall and F1. "
        "Import the labelled corpora first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "labels", help="JSON-lines labels, e.g. tests/fixtures/extraction_labels.jsonl"
        )
        parser.add_argument(
            "--kinds",
            default=",".join(KINDS),
            help=f"Comma-separated kinds to score (default: {','.join(KINDS)}).",
        )
        parser.add_argument(
            "--show-errors",
            action="store_true",
            help="Print each article's missed and extra entities.",
        )

    def handle(self, *args, labels, kinds, show_errors, **options):
        path = Path(labels)
        chosen = tuple(k.strip() for k in kinds.split(",") if k.strip())
        unknown = sorted(set(chosen) - set(KINDS))
        if unknown or not chosen:
            raise CommandError(f"--kinds takes {', '.join(KINDS)}; not {', '.join(unknown)}")
        try:
            with path.open(encoding="utf-8") as handle:
                labelled = labels_from_jsonl(handle)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        predictions = evaluation_predictions(urls=labelled)
        report = evaluate(labelled, predictions, chosen)
        self.stdout.write(report.table())
        if report.missing:
            self.stdout.write(
                f"{len(report.missing)} of {len(labelled)} labelled urls are not in the "
                "database: import the corpus first, e.g. python manage.py import_corpus "
                "../shared/corpus/allsides-diplomatic.jsonl.gz "
                "../shared/corpus/giveme5w1h-raw.jsonl.gz ../shared/corpus/wikinews.csv.gz"
            )
        if show_errors:
            for error in report.errors:
                self.stdout.write(f"\n{error.url} [{error.kind}]")
                if error.missed:
                    self.stdout.write(f"  missed: {', '.join(error.missed)}")
                if error.extra:
                    self.stdout.write(f"  extra:  {', '.join(error.extra)}")
            if report.post_errors:
                self.stdout.write("\nposts that disagree with the text:")
                for line in report.post_errors:
                    self.stdout.write(f"  {line}")
