"""Mentions know whether their article is what the list shows by default (issue 5).

``public_lead`` on every mention table is true when the article is published and is its
story's lead (one row per near-duplicate group): the country, official and topic pages'
timelines and totals count exactly what ``/articles/?country=XX`` lists, read from the
mention table's own index without touching the articles.

The column is kept right by PostgreSQL itself, whoever writes (the import's COPY,
re-extraction, the admin, a bench build):

- a new or moved mention copies its article's flag (BEFORE INSERT / UPDATE OF article_id);
- an article whose status, story-lead flag or date changes updates its mentions' flag and
  their copy of the date (AFTER UPDATE, only when one of those changed).

``articles_publicday`` holds how many public story leads each UTC day has (undated ones
under ``-infinity``): the unfiltered list's (and a date range's) count and timeline are
read from a few thousand rows instead of every article. Statement-level triggers with
transition tables keep it right for any INSERT, UPDATE, DELETE (or COPY) of articles, a
whole statement at once and in day order (two writers never deadlock on it); TRUNCATE
of the articles empties it.

Plain SQL, like 0005: the models know neither the column nor the table, so no model
state changes.
"""

from django.db import migrations

TABLES = {
    "articles_articlecountry": "country_id",
    "articles_articleofficial": "official_id",
    "articles_articleorganisation": "organisation_id",
    "articles_articletopic": "topic_id",
}

_MENTION_FN = """
CREATE OR REPLACE FUNCTION articles_mention_public_lead() RETURNS trigger AS $$
BEGIN
    SELECT a.status = 'published' AND a.is_story_lead INTO NEW.public_lead
    FROM articles_article a WHERE a.id = NEW.article_id;
    NEW.public_lead := COALESCE(NEW.public_lead, false);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

_ARTICLE_FN = (
    """
CREATE OR REPLACE FUNCTION articles_article_public_lead() RETURNS trigger AS $$
DECLARE flag boolean := NEW.status = 'published' AND NEW.is_story_lead;
BEGIN
"""
    + "".join(
        f"""    UPDATE {table} SET public_lead = flag, published_at = NEW.published_at
    WHERE article_id = NEW.id
      AND (public_lead IS DISTINCT FROM flag OR published_at IS DISTINCT FROM NEW.published_at);
"""
        for table in TABLES
    )
    + """    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
)


_DAY = "COALESCE((published_at AT TIME ZONE 'UTC')::date, '-infinity'::date)"
_PUBLIC = "status = 'published' AND is_story_lead"


def _day_fn(name: str, parts: list[tuple[str, int]]) -> str:
    """Return a trigger function adding +1/-1 per public lead of each transition table."""
    union = " UNION ALL ".join(
        f"SELECT {_DAY} AS day, {sign} AS d FROM {table} WHERE {_PUBLIC}" for table, sign in parts
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_publicday AS p (day, n)
    SELECT day, sum(d) FROM ({union}) x GROUP BY day HAVING sum(d) <> 0 ORDER BY day
    ON CONFLICT (day) DO UPDATE SET n = p.n + EXCLUDED.n;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


_DAY_STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS articles_publicday (day date PRIMARY KEY, n integer NOT NULL)",
    f"INSERT INTO articles_publicday (day, n) SELECT {_DAY}, count(*) FROM articles_article "
    f"WHERE {_PUBLIC} GROUP BY 1",
    _day_fn("articles_publicday_insert", [("new_rows", 1)]),
    _day_fn("articles_publicday_update", [("old_rows", -1), ("new_rows", 1)]),
    _day_fn("articles_publicday_delete", [("old_rows", -1)]),
    """CREATE OR REPLACE FUNCTION articles_publicday_truncate() RETURNS trigger AS $$
BEGIN
    DELETE FROM articles_publicday;
    RETURN NULL;
END $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER article_publicday_insert AFTER INSERT ON articles_article "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION articles_publicday_insert()",
    "CREATE TRIGGER article_publicday_update AFTER UPDATE ON articles_article "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION articles_publicday_update()",
    "CREATE TRIGGER article_publicday_delete AFTER DELETE ON articles_article "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION articles_publicday_delete()",
    "CREATE TRIGGER article_publicday_truncate AFTER TRUNCATE ON articles_article "
    "FOR EACH STATEMENT EXECUTE FUNCTION articles_publicday_truncate()",
]


def _forward() -> list[str]:
    statements = [_MENTION_FN, _ARTICLE_FN, *_DAY_STATEMENTS]
    for table, column in TABLES.items():
        short = table.removeprefix("articles_")
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS public_lead boolean NOT NULL "
            "DEFAULT false",
            f"UPDATE {table} m SET public_lead = true FROM articles_article a "
            "WHERE a.id = m.article_id AND a.status = 'published' AND a.is_story_lead",
            f"CREATE TRIGGER {short}_public_lead BEFORE INSERT OR UPDATE OF article_id "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION articles_mention_public_lead()",
            # Timelines, totals and intersections per entity: index-only scans of
            # (entity, date, article).
            f"CREATE INDEX IF NOT EXISTS {short}_lead_idx ON {table} "
            f"({column}, published_at) INCLUDE (article_id, is_focus) "
            "WHERE public_lead AND NOT suppressed",
        ]
    statements.append(
        "CREATE TRIGGER article_public_lead AFTER UPDATE OF status, is_story_lead, "
        "published_at ON articles_article FOR EACH ROW WHEN "
        "(OLD.status IS DISTINCT FROM NEW.status OR OLD.is_story_lead IS DISTINCT FROM "
        "NEW.is_story_lead OR OLD.published_at IS DISTINCT FROM NEW.published_at) "
        "EXECUTE FUNCTION articles_article_public_lead()"
    )
    return statements


def _backward() -> list[str]:
    statements = ["DROP TRIGGER IF EXISTS article_public_lead ON articles_article"]
    for event in ("insert", "update", "delete", "truncate"):
        statements += [
            f"DROP TRIGGER IF EXISTS article_publicday_{event} ON articles_article",
            f"DROP FUNCTION IF EXISTS articles_publicday_{event}()",
        ]
    statements.append("DROP TABLE IF EXISTS articles_publicday")
    for table in TABLES:
        short = table.removeprefix("articles_")
        statements += [
            f"DROP TRIGGER IF EXISTS {short}_public_lead ON {table}",
            f"DROP INDEX IF EXISTS {short}_lead_idx",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS public_lead",
        ]
    statements += [
        "DROP FUNCTION IF EXISTS articles_article_public_lead()",
        "DROP FUNCTION IF EXISTS articles_mention_public_lead()",
    ]
    return statements


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_articleband_no_fk_check")]

    operations = [migrations.RunSQL(sql=_forward(), reverse_sql=_backward())]
