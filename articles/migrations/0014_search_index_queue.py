"""The search index's queue, filled by triggers on the article and mention tables.

Statement-level triggers with transition tables: one ``INSERT … SELECT DISTINCT`` per
statement, however many rows it touched (a COPY of 1,000 articles queues them in one go).
A change anywhere an index document reads from (the article row, any of its mention rows)
queues the article in the same transaction, so the index cannot miss a committed change.
"""

from django.db import migrations, models

TABLES = {
    "articles_article": "id",
    "articles_articlecountry": "article_id",
    "articles_articleofficial": "article_id",
    "articles_articleorganisation": "article_id",
    "articles_articletopic": "article_id",
}
EVENTS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}


def _sql() -> tuple[str, str]:
    forward, backward = [], []
    for table, column in TABLES.items():
        function = f"{table}_queue_for_index"
        forward.append(
            f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO articles_indexqueue (article_id)
                SELECT DISTINCT {column} FROM changed;
                RETURN NULL;
            END $$;"""
        )
        for event, side in EVENTS.items():
            trigger = f"{table}_index_{event.lower()}"
            forward.append(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} "
                f"REFERENCING {side} TABLE AS changed "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            )
            backward.append(f"DROP TRIGGER IF EXISTS {trigger} ON {table};")
        backward.append(f"DROP FUNCTION IF EXISTS {function}();")
    return "\n".join(forward), "\n".join(backward)


FORWARD, BACKWARD = _sql()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_shared_cache_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexQueue",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("article_id", models.BigIntegerField()),
            ],
            options={
                "verbose_name": "search index queue entry",
                "verbose_name_plural": "search index queue",
            },
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
