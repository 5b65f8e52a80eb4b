"""Migration 0012 moves stored signatures and bands to ArticleSignature, and back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.ingest import dedup
from articles.ingest.pipeline import band_hashes

BEFORE = ("articles", "0011_mention_verbose_names")
AFTER = ("articles", "0012_article_signature")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_signatures_move_to_their_own_table_and_back():
    signature = dedup.signature(" ".join(f"word{n} of the treaty text" for n in range(60)))
    bands = band_hashes(signature)
    try:
        old = migrate(BEFORE)
        source = old.get_model("articles", "Source").objects.create(name="X Post", slug="x-post")
        Article = old.get_model("articles", "Article")
        signed = Article.objects.create(
            source=source, title="Signed", content_hash="a" * 64, minhash=list(signature)
        )
        unsigned = Article.objects.create(source=source, title="Short", content_hash="b" * 64)
        old.get_model("articles", "ArticleBand").objects.bulk_create(
            old.get_model("articles", "ArticleBand")(article_id=signed.pk, band=band)
            for band in bands
        )

        new = migrate(AFTER)
        rows = list(new.get_model("articles", "ArticleSignature").objects.all())
        assert [row.article_id for row in rows] == [signed.pk]
        assert dedup.unpack_signature(bytes(rows[0].minhash)) == signature
        assert sorted(rows[0].bands) == sorted(set(bands))

        old = migrate(BEFORE)
        Article = old.get_model("articles", "Article")
        assert Article.objects.get(pk=signed.pk).minhash == list(signature)
        assert Article.objects.get(pk=unsigned.pk).minhash is None
        restored = old.get_model("articles", "ArticleBand").objects.filter(article_id=signed.pk)
        assert sorted(restored.values_list("band", flat=True)) == sorted(set(bands))
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("articles")[0])
