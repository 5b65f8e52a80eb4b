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
