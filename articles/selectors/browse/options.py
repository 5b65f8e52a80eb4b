"""The filter form's choices and the list page's type-ahead suggestions."""

from __future__ import annotations

from articles.choices import OfficialStatus
from articles.selectors.reading import read_connection


def filter_options(*, sources_limit: int = 300) -> dict[str, list[tuple[str, str]]]:
    """Return (parameter value, name) choices for the filter form's pickers, one query.

    Countries feed a ``<datalist>`` (type-ahead without JavaScript); organisations, topics
    and sources are small enough for ``<select>`` lists.
    """
    sql = """
        (SELECT 'country', lower(iso2), name FROM articles_country ORDER BY name)
        UNION ALL (SELECT 'organization', slug, name FROM articles_organisation ORDER BY name)
        UNION ALL (SELECT 'topic', slug, name FROM articles_topic ORDER BY name)
        UNION ALL (SELECT 'source', slug, name FROM articles_source ORDER BY name LIMIT %s)
    """
    options: dict[str, list[tuple[str, str]]] = {
        "country": [],
        "organization": [],
        "topic": [],
        "source": [],
    }
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [sources_limit])
        for kind, key, name in cursor.fetchall():
            options[kind].append((key, name))
    return options


def entity_suggest(*, kind: str, text: str, limit: int = 10) -> list[dict[str, str]]:
    """Return up to ``limit`` countries or officials whose name or alias starts with ``text``.

    Backs the list page's type-ahead; names that start with the text come before names
    that only contain it.
    """
    text = text.strip().lower()[:100].replace("\x00", "")
    if not text:
        return []
    like = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if kind == "country":
        sql = """
            SELECT lower(c.iso2), c.name, min(CASE WHEN lower(a.alias) LIKE %s THEN 0
                                                 WHEN lower(c.name) LIKE %s THEN 0 ELSE 1 END) r
            FROM articles_country c
            LEFT JOIN articles_countryalias a ON a.country_id = c.id AND NOT a.blocked
            WHERE lower(c.name) LIKE %s OR lower(a.alias) LIKE %s OR lower(c.iso2) = %s
            GROUP BY c.iso2, c.name ORDER BY r, c.name LIMIT %s"""
        params = [f"{like}%", f"{like}%", f"%{like}%", f"{like}%", text, limit]
    elif kind == "official":
        sql = """
            SELECT o.slug, o.name, CASE WHEN lower(o.name) LIKE %s THEN 0 ELSE 1 END r
            FROM articles_official o
            WHERE o.status = %s AND o.merged_into_id IS NULL
              AND (lower(o.name) LIKE %s OR o.id IN (SELECT official_id
                   FROM articles_officialalias WHERE lower(alias) LIKE %s AND NOT blocked))
            ORDER BY r, o.name LIMIT %s"""
        params = [f"{like}%", OfficialStatus.CONFIRMED, f"%{like}%", f"{like}%", limit]
    else:
        return []
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return [{"value": key, "label": name} for key, name, _ in cursor.fetchall()]
