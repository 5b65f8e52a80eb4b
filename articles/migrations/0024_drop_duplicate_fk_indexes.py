"""Drop three indexes the foreign keys already have (each column was indexed twice).

Django indexes every ForeignKey; ``Meta.indexes`` named a second, identical index on
``articles_article.duplicate_group_id`` and ``import_run_id`` and on
``articles_storydecisionarticle.article_id``: twice the writes for nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_search_vector_by_trigger"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_dupgroup_idx",
        ),
        migrations.RemoveIndex(
            model_name="article",
            name="article_importrun_idx",
        ),
        migrations.RemoveIndex(
            model_name="storydecisionarticle",
            name="storydecisionarticle_art_idx",
        ),
    ]
