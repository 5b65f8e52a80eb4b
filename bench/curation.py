"""Time the curation services on the page benchmark's corpus (``bench_pages --keep``)."""

from __future__ import annotations

import statistics
import time

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count

from articles.choices import OfficialStatus
from articles.models import Article, Official, Topic
from articles.selectors import curation as reads
from articles.services import officials as official_services
from articles.services import topics as topic_services
from bench import databases
from bench.pages import BENCH_DATABASE


class _Rollback(Exception):
    """Raised to undo a measured write."""


def run(stdout, *, topics: int = 8, phrase: str = "talks") -> None:
    """Time previews, the candidates queue and a merge/undo on the kept page-bench database."""
    original = connection.settings_dict["NAME"]
    databases.switch(BENCH_DATABASE)
    try:
        try:
            total = Article.objects.count()
        except Exception as exc:
            raise CommandError(
                f"No {BENCH_DATABASE}: run `bench_pages --articles N --keep` first"
            ) from exc
        stdout.write(f"{BENCH_DATABASE}: {total:,} articles")
        _previews(stdout, topics, phrase)
        _queue(stdout)
        _merge(stdout)
    finally:
        databases.switch(original)


def _previews(stdout, n: int, phrase: str) -> None:
    seconds = []
    for topic in Topic.objects.annotate(n=Count("rules")).filter(n__gt=0).order_by("id")[:n]:
        rules = [*topic_services.topic_rules_of(topic), topic_services.RuleSpec(phrase, 1.0)]
        started = time.perf_counter()
        preview = topic_services.topic_preview(topic=topic, threshold=topic.threshold, rules=rules)
        took = time.perf_counter() - started
        seconds.append(took)
        stdout.write(
            f"preview {topic.slug:<28} +“{phrase}”: {preview.candidates:>7,} candidates, "
            f"{preview.scored:>6,} scored{' (sample)' if preview.estimated else ''}, "
            f"+{preview.gain:,} -{preview.lose:,}  {took * 1000:7.0f} ms"
        )
    if seconds:
        stdout.write(
            f"preview: median {statistics.median(seconds) * 1000:.0f} ms, "
            f"max {max(seconds) * 1000:.0f} ms over {len(seconds)} topics"
        )


def _queue(stdout) -> None:
    started = time.perf_counter()
    page = list(reads.candidate_queryset()[:50])
    reads.candidate_evidence(official_ids=[o.pk for o in page])
    stdout.write(
        f"candidates queue, first page of {len(page)}: "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )


def _merge(stdout) -> None:
    pair = list(
        Official.objects.filter(status=OfficialStatus.CONFIRMED, merged_into__isnull=True)
        .annotate(n=Count("mentions"))
        .order_by("-n")[:2]
    )
    if len(pair) < 2:
        return
    try:
        with transaction.atomic():
            started = time.perf_counter()
            merge = official_services.official_merge(survivor=pair[0], others=pair[1:])
            merged = time.perf_counter() - started
            started = time.perf_counter()
            official_services.official_merge_undo(merge=merge)
            undone = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    stdout.write(
        f"merge {pair[1].name} ({pair[1].n:,} mentions) into {pair[0].name} "
        f"({pair[0].n:,}): {merged:.1f} s, {len(merge.operations):,} rows logged; "
        f"undo {undone:.1f} s (rolled back)"
    )
