"""Report how much each copy of a story shares with its lead, and the groups that share too little."""

from django.core.management.base import BaseCommand, CommandError

from articles.services.grouping import (
    copies_found_by_title,
    overlap_report,
    stories_regroup,
    story_overlaps,
)


class Command(BaseCommand):
    help = (
        "Measure every near-duplicate group: the exact share of 5-word shingles each copy's "
        "cleaned body has with its lead's (Jaccard). Exits with status 1 when a copy shares "
        "less than --min-overlap. --regroup first decides every story again from the "
        "stored bodies (as reextract does after re-cleaning)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-overlap", type=float, default=0.2)
        parser.add_argument("--show", type=int, default=10, help="Copies listed under the bar.")
        parser.add_argument("--regroup", action="store_true")
        parser.add_argument(
            "--titles",
            action="store_true",
            help="Also search the public list for each copy's own title and count those found.",
        )

    def handle(self, *args, min_overlap, show, regroup, titles, **options):
        if not 0 <= min_overlap <= 1:
            raise CommandError("--min-overlap is a share between 0 and 1.")
        if regroup:
            self.stdout.write(stories_regroup().line())
        report = overlap_report(story_overlaps(), below=min_overlap)
        if not report["copies"]:
            self.stdout.write("No near-duplicate groups.")
            return
        below = report["below"]
        self.stdout.write(
            f"{report['groups']} groups, {report['copies']} copies; body overlap with the "
            f"lead: min {report['min']:.2f}, median {report['median']:.2f}; "
            f"{len(below)} copies under {min_overlap:.2f}."
        )
        for item in below[:show]:
            self.stdout.write(
                f"  group {item.group}: article {item.member} shares {item.overlap:.2f} "
                f"with lead {item.lead}"
            )
        if titles:
            search = copies_found_by_title()
            self.stdout.write(
                f"Searching each public copy's own title: {search.story_found} of "
                f"{search.copies} stories found ({search.copy_shown} shown by the copy itself)."
            )
            for pk, title in search.missed[:show]:
                self.stdout.write(f"  not found: article {pk} {title!r}")
        if below:
            raise CommandError(
                f"{len(below)} copies share less than {min_overlap:.2f}.", returncode=1
            )
