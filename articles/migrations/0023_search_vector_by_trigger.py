"""``search_vector`` becomes a plain column that a BEFORE trigger computes.

As a generated column, its values were never in a ``pg_dump``: a restore computed
``to_tsvector`` for every article again while loading the table, most of its time (about
three quarters of ``restore_database`` at 37,507 articles). As a plain column, the dump
holds the values and the restore copies them (pg_restore creates the trigger after the
data). Inserts, COPY and updates of the title, lede or body keep it right as before; an
update that writes another value into it (Django's ``save()`` writes the field back) is
computed again, so it can never disagree with the texts.

``DROP EXPRESSION`` keeps the stored values and rewrites nothing.
"""

import django.contrib.postgres.search
from django.db import migrations

EXPRESSION = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(NEW.lede, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C')"
)

FORWARD = f"""
ALTER TABLE articles_article ALTER COLUMN search_vector DROP EXPRESSION;
CREATE FUNCTION articles_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := {EXPRESSION};
    RETURN NEW;
END $$;
CREATE TRIGGER articles_article_search_vector_insert BEFORE INSERT ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
CREATE TRIGGER articles_article_search_vector_update BEFORE UPDATE ON articles_article
FOR EACH ROW WHEN (
    NEW.title IS DISTINCT FROM OLD.title
    OR NEW.lede IS DISTINCT FROM OLD.lede
    OR NEW.body IS DISTINCT FROM OLD.body
    OR NEW.search_vector IS DISTINCT FROM OLD.search_vector
) EXECUTE FUNCTION articles_article_search_vector();
"""

BACKWARD = f"""
DROP TRIGGER IF EXISTS articles_article_search_vector_update ON articles_article;
DROP TRIGGER IF EXISTS articles_article_search_vector_insert ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
ALTER TABLE articles_article DROP COLUMN search_vector;
ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS ({EXPRESSION.replace("NEW.", "")}) STORED;
CREATE INDEX article_search_gin ON articles_article USING gin (search_vector);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_site_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD, BACKWARD)],
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="search_vector",
                    field=django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True
                    ),
                ),
            ],
        ),
    ]
