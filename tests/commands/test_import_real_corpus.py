"""Real-corpus tier: import the shared corpora end to end (skips without ../shared).

Counts must add up, records that carry a date must get one (≥ 99%), and the furniture
phrases we know from these outlets must be gone from every body.
"""

from __future__ import annotations

import gzip
import json

import pytest

from articles.models import Article
from articles.pipeline.imports import run_import
from tests.conftest import shared_path
from tests.texts import FURNITURE_PHRASES

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

CORPORA = [
    "giveme5w1h-raw.jsonl.gz",
    "allsides-diplomatic.jsonl.gz",
    "bbc-fulltext.tar.gz",
    "wikinews.csv.gz",
    "un-speeches.tar.gz",
]


def urls_with_a_date(path) -> set[str]:
    """Return the urls of the JSON-lines records that carry a non-empty date field."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {
        r["url"]
        for r in records
        if r.get("url") and any(r.get(f) for f in ("date", "date_publish", "published"))
    }


@pytest.mark.parametrize("name", CORPORA)
def test_real_corpus_imports_completely_and_cleanly(name):
    path = shared_path("corpus", name)
    summary = run_import([str(path)], workers=2)
    outcomes = summary.outcomes
    assert summary.records == sum(outcomes.values()), outcomes
    assert outcomes["inserted"] > 0.9 * summary.records, outcomes
    stored = Article.objects.count()
    assert stored == outcomes["inserted"]
    for phrase in FURNITURE_PHRASES:
        left = Article.objects.filter(body__contains=phrase).values_list("external_id", flat=True)
        assert not left.exists(), f"{phrase!r} left in {list(left[:5])}"
    if name.endswith(".jsonl.gz"):
        carrying = Article.objects.filter(url__in=urls_with_a_date(path))
        dated = carrying.filter(published_at__isnull=False)
        assert carrying.count() > 0.8 * stored
        assert dated.count() >= 0.99 * carrying.count(), (dated.count(), carrying.count())
