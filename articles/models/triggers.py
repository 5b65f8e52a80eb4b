"""The triggers of the schema: what PostgreSQL keeps right by itself, whoever writes.

An import's COPY, a raw ``execute_values``, an editor's save and a ``psql`` session all
go through them, which is why these derived values live in the database and not in
``save()`` or signals. Django cannot declare a trigger, so they are declared here, as
the SQL that creates them, next to the models they serve:

- ``Article.search_vector``: computed on insert and on updates of the texts (0023);
- ``public_lead`` and ``published_at`` of the mention tables: copied from the article on
  insert, and again when the article's status, story-lead flag or date changes (0008);
- ``PublicDay``: per-day counts of public story leads, per statement (0008);
- ``IndexQueue``: every change an index document reads from queues its article (0014),
  and a copy leaving its story queues the story's other members (0021);
- ``SiteVersion``: bumped as each transaction that changed content commits (0022).

The migrations named there created them with their own copy of this SQL (a migration is
history and must not change when this module does). ``tests/articles/test_schema.py``
drops the database's trigger functions, creates these, and checks that PostgreSQL
describes both the same: a change here needs a migration, and a migration changing a
trigger needs a change here.

Not django-pgtrigger: it wraps every function in a per-row call that enters a PL/pgSQL
exception block (a subtransaction per row of the import's COPY), gives each trigger its
own function (one shared function serves 19 tables here) and renames every trigger.
"""

from __future__ import annotations

from dataclasses import dataclass

from .mentions import MENTION_MODELS


@dataclass(frozen=True)
class Function:
    """A PL/pgSQL trigger function: its name and body (``[DECLARE …] BEGIN … END``)."""

    name: str
    body: str

    @property
    def sql(self) -> str:
        return (
            f"CREATE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"{self.body.strip()}\n$$"
        )


@dataclass(frozen=True)
class Trigger:
    """``CREATE [CONSTRAINT] TRIGGER name <fires> ON table <options> EXECUTE FUNCTION f()``."""

    name: str
    table: str
    fires: str  # BEFORE / AFTER and the events
    options: str  # transition tables, deferral, FOR EACH ROW / STATEMENT, WHEN
    function: str
    constraint: bool = False

    @property
    def sql(self) -> str:
        kind = "CONSTRAINT TRIGGER" if self.constraint else "TRIGGER"
        return (
            f"CREATE {kind} {self.name} {self.fires} ON {self.table} {self.options} "
            f"EXECUTE FUNCTION {self.function}()"
        )


ARTICLES = "articles_article"
# Each mention table and its entity column, in the order of ``MENTION_MODELS``.
MENTION_TABLES = {
    model._meta.db_table: model._meta.get_field(entity).column
    for model, entity in MENTION_MODELS.values()
}
_PUBLIC = "status = 'published' AND is_story_lead"


# --- Article.search_vector (migration 0023) --------------------------------------------
# A plain column a BEFORE trigger computes, not a generated one: a pg_dump then holds the
# values and a restore copies them instead of computing them again. An update writing
# another value into it (``save()`` writes every field) is computed again too.

SEARCH_VECTOR = "setweight(to_tsvector('english'::regconfig, COALESCE(NEW.{}, '')), '{}')"
SEARCH_VECTOR_FUNCTION = Function(
    "articles_article_search_vector",
    "BEGIN NEW.search_vector := "
    + " || ".join(
        SEARCH_VECTOR.format(field, weight)
        for field, weight in (("title", "A"), ("lede", "B"), ("body", "C"))
    )
    + "; RETURN NEW; END",
)
SEARCH_VECTOR_TRIGGERS = [
    Trigger(
        "articles_article_search_vector_insert",
        ARTICLES,
        "BEFORE INSERT",
        "FOR EACH ROW",
        SEARCH_VECTOR_FUNCTION.name,
    ),
    Trigger(
        "articles_article_search_vector_update",
        ARTICLES,
        "BEFORE UPDATE",
        "FOR EACH ROW WHEN (NEW.title IS DISTINCT FROM OLD.title "
        "OR NEW.lede IS DISTINCT FROM OLD.lede OR NEW.body IS DISTINCT FROM OLD.body "
        "OR NEW.search_vector IS DISTINCT FROM OLD.search_vector)",
        SEARCH_VECTOR_FUNCTION.name,
    ),
]


# --- The mentions' public_lead and published_at (migration 0008) -----------------------
# A new or moved mention copies its article's flag (BEFORE INSERT / UPDATE OF article_id:
# Django's save() names every column, so an editor's save recomputes it); an article
# whose status, story-lead flag or date changes updates its mentions.

MENTION_PUBLIC_LEAD_FUNCTION = Function(
    "articles_mention_public_lead",
    """BEGIN
    SELECT a.status = 'published' AND a.is_story_lead INTO NEW.public_lead
    FROM articles_article a WHERE a.id = NEW.article_id;
    NEW.public_lead := COALESCE(NEW.public_lead, false);
    RETURN NEW;
END""",
)
ARTICLE_PUBLIC_LEAD_FUNCTION = Function(
    "articles_article_public_lead",
    "DECLARE flag boolean := NEW.status = 'published' AND NEW.is_story_lead; BEGIN "
    + "".join(
        f"UPDATE {table} SET public_lead = flag, published_at = NEW.published_at "
        "WHERE article_id = NEW.id AND (public_lead IS DISTINCT FROM flag "
        "OR published_at IS DISTINCT FROM NEW.published_at); "
        for table in MENTION_TABLES
    )
    + "RETURN NULL; END",
)
PUBLIC_LEAD_TRIGGERS = [
    *(
        Trigger(
            f"{table.removeprefix('articles_')}_public_lead",
            table,
            "BEFORE INSERT OR UPDATE OF article_id",
            "FOR EACH ROW",
            MENTION_PUBLIC_LEAD_FUNCTION.name,
        )
        for table in MENTION_TABLES
    ),
    Trigger(
        "article_public_lead",
        ARTICLES,
        "AFTER UPDATE OF status, is_story_lead, published_at",
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.is_story_lead IS DISTINCT FROM NEW.is_story_lead "
        "OR OLD.published_at IS DISTINCT FROM NEW.published_at)",
        ARTICLE_PUBLIC_LEAD_FUNCTION.name,
    ),
]


# --- PublicDay (migration 0008) ---------------------------------------------------------
# Statement-level triggers with transition tables: a whole statement (or COPY) at once,
# upserted in day order so two writers never deadlock on the table.

_DAY = "COALESCE((published_at AT TIME ZONE 'UTC')::date, '-infinity'::date)"


def _public_day_function(event: str, parts: list[tuple[str, int]]) -> Function:
    """Return the function adding +1/-1 per public lead of each transition table."""
    union = " UNION ALL ".join(
        f"SELECT {_DAY} AS day, {sign} AS d FROM {rows} WHERE {_PUBLIC}" for rows, sign in parts
    )
    return Function(
        f"articles_publicday_{event}",
        f"""BEGIN
    INSERT INTO articles_publicday AS p (day, n)
    SELECT day, sum(d) FROM ({union}) x GROUP BY day HAVING sum(d) <> 0 ORDER BY day
    ON CONFLICT (day) DO UPDATE SET n = p.n + EXCLUDED.n;
    RETURN NULL;
END""",
    )


PUBLIC_DAY_FUNCTIONS = [
    _public_day_function("insert", [("new_rows", 1)]),
    _public_day_function("update", [("old_rows", -1), ("new_rows", 1)]),
    _public_day_function("delete", [("old_rows", -1)]),
    Function(
        "articles_publicday_truncate", "BEGIN DELETE FROM articles_publicday; RETURN NULL; END"
    ),
]
PUBLIC_DAY_TRIGGERS = [
    Trigger(
        f"article_publicday_{event}",
        ARTICLES,
        f"AFTER {event.upper()}",
        f"{referencing} FOR EACH STATEMENT",
        f"articles_publicday_{event}",
    )
    for event, referencing in (
        ("insert", "REFERENCING NEW TABLE AS new_rows"),
        ("update", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("delete", "REFERENCING OLD TABLE AS old_rows"),
        ("truncate", ""),
    )
]


# --- IndexQueue (migrations 0014 and 0021) ----------------------------------------------
# One ``INSERT … SELECT DISTINCT`` per statement, however many rows it touched, in the
# transaction of the change: the index cannot miss a committed change.

QUEUED_TABLES = {ARTICLES: "id", **dict.fromkeys(MENTION_TABLES, "article_id")}
INDEX_QUEUE_FUNCTIONS = [
    Function(
        f"{table}_queue_for_index",
        f"""BEGIN
    INSERT INTO articles_indexqueue (article_id)
    SELECT DISTINCT {column} FROM changed;
    RETURN NULL;
END""",
    )
    for table, column in QUEUED_TABLES.items()
]
INDEX_QUEUE_TRIGGERS = [
    Trigger(
        f"{table}_index_{event.lower()}",
        table,
        f"AFTER {event}",
        f"REFERENCING {side} TABLE AS changed FOR EACH STATEMENT",
        f"{table}_queue_for_index",
    )
    for table in QUEUED_TABLES
    for event, side in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
]
# A copy that leaves its story (a split, a regroup) or is deleted changes the story it
# left, which its new row no longer names: queue that story's members.
STORY_LEFT_FUNCTION = Function(
    "articles_article_queue_story_left",
    """BEGIN
    INSERT INTO articles_indexqueue (article_id)
    SELECT b.id FROM articles_article b WHERE b.duplicate_group_id = OLD.duplicate_group_id;
    RETURN NULL;
END""",
)
STORY_LEFT_TRIGGERS = [
    Trigger(
        "articles_article_story_left_update",
        ARTICLES,
        "AFTER UPDATE",
        "FOR EACH ROW WHEN (OLD.duplicate_group_id IS NOT NULL "
        "AND (OLD.duplicate_group_id IS DISTINCT FROM NEW.duplicate_group_id "
        "OR OLD.is_story_lead IS DISTINCT FROM NEW.is_story_lead))",
        STORY_LEFT_FUNCTION.name,
    ),
    Trigger(
        "articles_article_story_left_delete",
        ARTICLES,
        "AFTER DELETE",
        "FOR EACH ROW WHEN (OLD.duplicate_group_id IS NOT NULL)",
        STORY_LEFT_FUNCTION.name,
    ),
]


# --- SiteVersion (migration 0022) -------------------------------------------------------
# Every table a public page reads notes, once per transaction (a transaction-local
# setting remembers it), a DataChange row; a deferred constraint trigger on that table
# bumps the version as the transaction commits and removes the note. The version row is
# locked only between the commit's last step and the commit itself.
# ``tests/web/test_page_cache.py`` checks that every table is listed or left out there.

CONTENT_TABLES = (
    "articles_appointment",
    "articles_article",
    "articles_articleband",
    "articles_articlecountry",
    "articles_articleofficial",
    "articles_articleorganisation",
    "articles_articletopic",
    "articles_country",
    "articles_countryalias",
    "articles_nearduplicategroup",
    "articles_official",
    "articles_officialalias",
    "articles_organisation",
    "articles_organisationalias",
    "articles_source",
    "articles_storydecision",
    "articles_storydecisionarticle",
    "articles_topic",
    "articles_topicrule",
)
NOTE_CHANGE_FUNCTION = Function(
    "articles_note_change",
    """BEGIN
    IF current_setting('newsroom.content_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('newsroom.content_changed', 'yes', true);
        INSERT INTO articles_datachange DEFAULT VALUES;
    END IF;
    RETURN NULL;
END""",
)
BUMP_SITE_VERSION_FUNCTION = Function(
    "articles_bump_site_version",
    """BEGIN
    INSERT INTO articles_siteversion (id, number, changed)
    VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET number = articles_siteversion.number + 1, changed = clock_timestamp();
    DELETE FROM articles_datachange WHERE id = NEW.id;
    RETURN NULL;
END""",
)
SITE_VERSION_TRIGGERS = [
    *(
        Trigger(
            f"{table}_note_change",
            table,
            "AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE",
            "FOR EACH STATEMENT",
            NOTE_CHANGE_FUNCTION.name,
        )
        for table in CONTENT_TABLES
    ),
    Trigger(
        "articles_datachange_bump",
        "articles_datachange",
        "AFTER INSERT",
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW",
        BUMP_SITE_VERSION_FUNCTION.name,
        constraint=True,
    ),
]


FUNCTIONS: list[Function] = [
    SEARCH_VECTOR_FUNCTION,
    MENTION_PUBLIC_LEAD_FUNCTION,
    ARTICLE_PUBLIC_LEAD_FUNCTION,
    *PUBLIC_DAY_FUNCTIONS,
    *INDEX_QUEUE_FUNCTIONS,
    STORY_LEFT_FUNCTION,
    NOTE_CHANGE_FUNCTION,
    BUMP_SITE_VERSION_FUNCTION,
]
TRIGGERS: list[Trigger] = [
    *SEARCH_VECTOR_TRIGGERS,
    *PUBLIC_LEAD_TRIGGERS,
    *PUBLIC_DAY_TRIGGERS,
    *INDEX_QUEUE_TRIGGERS,
    *STORY_LEFT_TRIGGERS,
    *SITE_VERSION_TRIGGERS,
]
