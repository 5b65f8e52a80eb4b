"""Near-duplicate grouping of a batch's new articles, decided before they are written."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.utils import timezone
from psycopg2.extras import execute_values

from articles.ingest.copy_text import copy_unescape
from articles.ingest.records import BODY_FIELD, encoded_parts
from articles.models import Article, ArticleBand, NearDuplicateGroup
from articles.selectors.stories import articles_kept_apart
from articles.services.imports.rows import NewArticle, next_ids


class _Bodies:
    """The cleaned bodies a grouping decision compares, read when first needed.

    A batch's new articles carry their body as COPY text only (``copy_parts``); a stored
    candidate's is read from PostgreSQL (candidates the signatures accept are few).
    """

    def __init__(self) -> None:
        self._stored: dict[int, str] = {}

    def of_new(self, article: NewArticle) -> str:
        record = article.content
        content = (record.copy_parts or encoded_parts(record))[1].decode()
        body = content.split("\t")[BODY_FIELD]
        return copy_unescape(body)

    def of(self, candidate: dict) -> str:
        if candidate.get("new") is not None:
            return self.of_new(candidate["new"])
        pk = candidate["id"]
        if pk not in self._stored:
            self._stored[pk] = Article.objects.values_list("body", flat=True).get(pk=pk)
        return self._stored[pk]


class Groups:
    """The near-duplicate group changes a batch makes, written with a few statements."""

    def __init__(self):
        self.created: dict[int, list[int]] = {}  # new group id -> [lead id, size]
        self.grown: Counter = Counter()  # existing group id -> members added
        self.stored_leads: dict[int, int] = {}  # stored article id -> its new group id

    def write(self) -> None:
        now = timezone.now()
        groups, articles = NearDuplicateGroup._meta.db_table, Article._meta.db_table
        writes = [
            (
                f"INSERT INTO {groups} (id, lead_id, size, created_at) VALUES %s",
                [(pk, lead, size, now) for pk, (lead, size) in self.created.items()],
            ),
            (
                f"UPDATE {groups} AS g SET size = g.size + v.n "
                "FROM (VALUES %s) AS v (id, n) WHERE g.id = v.id",
                list(self.grown.items()),
            ),
            (
                f"UPDATE {articles} AS a SET duplicate_group_id = v.g "
                "FROM (VALUES %s) AS v (id, g) WHERE a.id = v.id",
                list(self.stored_leads.items()),
            ),
        ]
        with connection.cursor() as cursor:
            for sql, rows in writes:
                if rows:
                    execute_values(cursor.cursor, sql, rows)


def group_near_duplicates(new: list[NewArticle], threshold: float) -> Groups:
    """Attach each new article to the group of an earlier near-copy, if it has one.

    Decides in Python, before the batch is written: ``new`` carry their ids already, and
    the rows are written with their group. Candidates are the stories' leads, stored or
    earlier in this batch, sharing a band; the earliest similar enough wins. A copy is
    never a candidate: an article like a copy but unlike its lead starts its own story
    (``services.grouping`` decides stories again with the same rule).
    """
    from articles.ingest.dedup import estimate_jaccard, same_text

    groups = Groups()
    with_bands = [a for a in new if a.content.bands]
    if not with_bands:
        return groups
    all_bands = {b for a in with_bands for b in a.content.bands}
    # band -> ids of the earlier articles holding it, as tuples: an article's bands all
    # share one tuple, and most bands are held by one article only.
    candidates: dict[int, tuple[int, ...]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT band, array_agg(article_id) FROM {ArticleBand._meta.db_table} "
            "WHERE band = ANY(%s::bigint[]) GROUP BY band",
            ["{" + ",".join(map(str, all_bands)) + "}"],
        )
        candidates.update((band, tuple(ids)) for band, ids in cursor.fetchall())
    needed = {i for ids in candidates.values() for i in ids}
    known = {
        row["id"]: row
        for row in Article.objects.filter(pk__in=needed).values(
            "id", "minhash", "duplicate_group_id", "is_story_lead"
        )
    }
    bodies = _Bodies()
    # Editors' decisions: articles never to share a story (none for brand-new articles).
    kept = articles_kept_apart(a.id for a in with_bands)
    kept_groups = (
        dict(
            Article.objects.filter(pk__in=set().union(*kept.values())).values_list(
                "id", "duplicate_group_id"
            )
        )
        if kept
        else {}
    )
    for article in with_bands:
        record = article.content  # the text this batch stores
        # The bands held by earlier articles, by one set intersection (in C): of a
        # batch's ~42,000 band lookups, almost all find nothing.
        shared = candidates.keys() & record.bands
        best = None
        if shared:
            ids = set().union(*map(candidates.__getitem__, shared))
            apart = kept.get(article.id, ())
            # The stories of the articles it is kept apart from (this batch's own included).
            barred = (
                {
                    known[k]["duplicate_group_id"] if k in known else kept_groups.get(k)
                    for k in apart
                }
                - {None}
                if apart
                else ()
            )
            for other_id in sorted(ids):  # earliest first: the story's lead is the oldest copy
                other = known.get(other_id)
                if (
                    other
                    and other["is_story_lead"]
                    and other["minhash"]
                    and other_id not in apart
                    and other["duplicate_group_id"] not in barred
                    and estimate_jaccard(record.signature, tuple(other["minhash"])) >= threshold
                    and same_text(bodies.of_new(article), bodies.of(other))
                ):
                    best = other
                    break
        if best is not None:
            group_id = best["duplicate_group_id"]
            if group_id is None:
                group_id = next_ids(NearDuplicateGroup, 1)[0]
                groups.created[group_id] = [best["id"], 1]
                lead = best.get("new")
                if lead is not None:
                    lead.duplicate_group_id = group_id
                else:
                    groups.stored_leads[best["id"]] = group_id
                best["duplicate_group_id"] = group_id
            if group_id in groups.created:
                groups.created[group_id][1] += 1
            else:
                groups.grown[group_id] += 1
            article.duplicate_group_id = group_id
            article.is_story_lead = False
        # Later records of this batch may be copies of this one.
        own = (article.id,)
        held = dict.fromkeys(record.bands, own)
        for band in shared:
            held[band] = candidates[band] + own
        candidates.update(held)
        known[article.id] = {
            "id": article.id,
            "minhash": list(record.signature),
            "duplicate_group_id": article.duplicate_group_id,
            "is_story_lead": article.is_story_lead,
            "new": article,
        }
    return groups
