"""Indexes for the article list (issue 5), as plain SQL so model state is unchanged.

- one row per story, newest or oldest first: partial indexes over published story leads,
  so counting, paging (deep pages included) and the timeline are index-only scans;
- facets: per mention table (article, entity, focus) over unsuppressed rows, so counting
  the entities of the newest matches never reads the mention rows themselves;
- the filter form resolves an official typed by name: lower(name).
"""

from django.db import migrations

INDEXES = {
    "article_lead_pub_idx": "articles_article (published_at DESC NULLS LAST, id DESC) "
    "INCLUDE (source_id) WHERE status = 'published' AND is_story_lead",
    "article_lead_pub_asc_idx": "articles_article (published_at ASC NULLS LAST, id ASC) "
    "WHERE status = 'published' AND is_story_lead",
    "articlecountry_facet_idx": "articles_articlecountry (article_id, country_id, is_focus) "
    "WHERE NOT suppressed",
    "articleofficial_facet_idx": "articles_articleofficial (article_id, official_id, is_focus) "
    "WHERE NOT suppressed AND official_id IS NOT NULL",
    "articleorg_facet_idx": "articles_articleorganisation (article_id, organisation_id) "
    "WHERE NOT suppressed",
    "articletopic_facet_idx": "articles_articletopic (article_id, topic_id) WHERE NOT suppressed",
    "official_lower_name_idx": "articles_official (lower(name))",
}


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_articleband_single_index")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
