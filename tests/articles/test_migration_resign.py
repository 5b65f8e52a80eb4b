"""Migration 0012 re-signs stored articles with the current near-duplicate signature."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.ingest.signing import sign_words

BEFORE = ("articles", "0011_mention_verbose_names")
AFTER = ("articles", "0012_resign_near_duplicates")
BODY = " ".join(
    f"Delegates met in round {n} of the water treaty talks by the lake." for n in range(8)
)


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_stored_signatures_and_bands_are_recomputed():
    try:
        old = migrate(BEFORE)
        source = old.get_model("articles", "Source").objects.create(name="X Post", slug="x-post")
        Article = old.get_model("articles", "Article")
        Band = old.get_model("articles", "ArticleBand")
        signed = Article.objects.create(
            source=source, title="Signed", body=BODY, content_hash="a" * 64, minhash=[7] * 128
        )
        short = Article.objects.create(
            source=source, title="Short", body="Too short.", content_hash="b" * 64
        )
        Band.objects.bulk_create(Band(article_id=signed.pk, band=b) for b in (1, 2, 3))

        new = migrate(AFTER)
        Article = new.get_model("articles", "Article")
        signature, bands = sign_words(BODY.split())
        assert Article.objects.get(pk=signed.pk).minhash == list(signature)
        assert Article.objects.get(pk=short.pk).minhash is None
        stored = new.get_model("articles", "ArticleBand").objects.filter(article_id=signed.pk)
        assert sorted(stored.values_list("band", flat=True)) == sorted(set(bands))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("articles"))


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_run_keeps_its_finished_batches_and_completes_when_run_again(
    monkeypatch,
):
    # Each batch commits on its own: a failure (or Ctrl-C) in the second batch keeps the
    # first, the migration stays unapplied, and running it again finishes the job.
    import importlib

    resign = importlib.import_module("articles.migrations.0012_resign_near_duplicates")
    monkeypatch.setattr(resign, "BATCH", 1)
    calls = []

    def failing_second_call(words):
        calls.append(words)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return sign_words(words)

    try:
        old = migrate(BEFORE)
        source = old.get_model("articles", "Source").objects.create(name="X Post", slug="x-post")
        Article = old.get_model("articles", "Article")
        first, second = (
            Article.objects.create(
                source=source,
                title=f"Story {n}",
                body=f"{BODY} Story {n}.",
                content_hash=str(n) * 64,
                minhash=[7] * 128,
            )
            for n in (1, 2)
        )
        monkeypatch.setattr(resign, "sign_words", failing_second_call)
        with pytest.raises(KeyboardInterrupt):
            migrate(AFTER)
        monkeypatch.undo()
        applied = MigrationExecutor(connection).loader.applied_migrations
        assert AFTER not in applied
        expected = {a.pk: list(sign_words(a.body.split())[0]) for a in (first, second)}
        stored = dict(Article.objects.values_list("pk", "minhash"))
        assert stored[first.pk] == expected[first.pk]  # committed before the failure
        assert stored[second.pk] == [7] * 128

        new = migrate(AFTER)
        stored = dict(new.get_model("articles", "Article").objects.values_list("pk", "minhash"))
        assert stored == expected
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes("articles"))
