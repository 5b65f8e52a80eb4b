"""The base of the ``bench_*`` management commands: thin wrappers around a bench module."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import BaseCommand


class BenchCommand(BaseCommand):
    """Hand the options the command declares (not Django's own) to ``runner(stdout, ...)``."""

    runner: Callable[..., object]  # set as staticmethod(<bench module>.run)

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        django_own = BaseCommand().create_parser(prog_name, subcommand)
        self.bench_options = [
            action.dest
            for action in parser._actions
            if action.dest not in {a.dest for a in django_own._actions}
        ]
        return parser

    def handle(self, *args, **options):
        self.runner(self.stdout, **{name: options[name] for name in self.bench_options})

    @staticmethod
    def add_database_arguments(parser, *, articles: int) -> None:
        """The options of a bench that builds its own database of ``--articles`` articles."""
        parser.add_argument("--articles", type=int, default=articles)
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--reuse", action="store_true", help="Reuse a kept database: skip building."
        )
