"""Stories again from stored bodies: re-sign changed bodies, regroup, check the groups.

A story is its lead (the earliest article of the group) and the copies whose body is
near-identical to the lead's: estimated 5-word shingle Jaccard at least
``NEAR_DUPLICATE_THRESHOLD`` against the lead itself, then confirmed on the whole cleaned
bodies (``dedup.same_text``). Resemblance does not chain: an
article like a copy but unlike the lead starts its own story (shared site furniture made
chains of unrelated articles before the bodies were cleaned of it).

``stories_regroup`` decides every article's story again in id order, as the import
would, from the stored signatures (after ``reextract`` re-cleaned bodies, or after the
grouping rule changed), keeps editors' decisions (``articles_kept_apart``) and writes only
the rows that change. Memory: one signature per story lead (~4 kB each, so ~4 GB for a
million stories of one article each).

``story_overlaps`` measures each copy's exact body overlap with its lead, for
``check_stories``.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction

from articles.ingest import dedup
from articles.ingest.signing import sign_words
from articles.models import Article, ArticleBand, NearDuplicateGroup
from articles.selectors.stories import articles_kept_apart

CHUNK = 2_000


@dataclass
class RegroupSummary:
    articles: int = 0
    resigned: int = 0
    stories: int = 0  # groups of two or more after the run
    changed: int = 0  # articles whose story changed
    examples: list[tuple[int, int | None, int | None]] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"Regrouped {self.articles} articles ({self.resigned} re-signed): {self.stories} "
            f"stories of several copies, {self.changed} articles moved."
        )


def articles_resign(*, article_ids: Iterable[int]) -> int:
    """Sign the stored bodies of ``article_ids`` again (signature and band rows); return how many."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = Article.objects.filter(pk__in=part).values_list("id", "body")
        signed = {pk: sign_words(body.split()) for pk, body in rows}
        with transaction.atomic():
            ArticleBand.objects.filter(article_id__in=part).delete()
            ArticleBand.objects.bulk_create(
                ArticleBand(article_id=pk, band=band)
                for pk, (_, bands) in signed.items()
                for band in sorted(set(bands))
            )
            _update(
                "minhash = v.m::jsonb",
                [(pk, _json(sig)) for pk, (sig, _) in signed.items()],
            )
    return len(ids)


def _json(signature) -> str | None:
    return "[" + ",".join(map(str, signature)) + "]" if signature else None


def _update(assignment: str, values: list[tuple]) -> None:
    from psycopg2.extras import execute_values

    if not values:
        return
    with connection.cursor() as cursor:
        execute_values(
            cursor,
            f"UPDATE articles_article a SET {assignment} "
            f"FROM (VALUES %s) AS v (id, m) WHERE a.id = v.id",
            values,
        )


def stories_decide(
    *, threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD, on_progress=None
) -> dict[int, int]:
    """Return {copy id: lead id} for every article that belongs to another's story."""
    leads = dedup.NearDuplicateIndex(threshold)

    @lru_cache(maxsize=4096)
    def body(pk: int) -> str:  # only for the pairs the signatures accept: a few
        return Article.objects.values_list("body", flat=True).get(pk=pk)

    story_of: dict[int, int] = {}
    members: dict[int, set[int]] = defaultdict(set)
    last = 0
    while True:
        chunk = list(
            Article.objects.filter(pk__gt=last).order_by("pk").values_list("id", "minhash")[:CHUNK]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        kept = articles_kept_apart(pk for pk, _ in chunk)
        for pk, signature in chunk:
            lead = None
            if signature:
                apart = kept.get(pk, ())
                for candidate in sorted(leads.matches(signature)):
                    if (
                        not apart or apart.isdisjoint(members[candidate] | {candidate})
                    ) and dedup.same_text(body(pk), body(candidate)):
                        lead = candidate
                        break
            if lead is None:
                leads.add(pk, signature or ())
            else:
                story_of[pk] = lead
                members[lead].add(pk)
        if on_progress:
            on_progress(len(chunk))
    return story_of


def stories_regroup(
    *,
    resign_ids: Iterable[int] = (),
    threshold: float = dedup.NEAR_DUPLICATE_THRESHOLD,
    on_progress: Callable[[int], None] | None = None,
) -> RegroupSummary:
    """Decide every article's story again; write the articles and groups that change."""
    summary = RegroupSummary()
    summary.resigned = articles_resign(article_ids=resign_ids)
    story_of = stories_decide(threshold=threshold, on_progress=on_progress)
    copies: dict[int, list[int]] = defaultdict(list)
    for copy, lead in story_of.items():
        copies[lead].append(copy)
    current = {
        pk: (group, lead)
        for pk, group, lead in Article.objects.values_list(
            "id", "duplicate_group_id", "is_story_lead"
        )
    }
    summary.articles = len(current)
    group_of_lead = dict(
        NearDuplicateGroup.objects.filter(lead__isnull=False).values_list("lead_id", "id")
    )
    with transaction.atomic():
        wanted: dict[int, tuple[int | None, bool]] = {}
        sizes: dict[int, int] = {}
        new_groups = [lead for lead in copies if lead not in group_of_lead]
        created = NearDuplicateGroup.objects.bulk_create(
            NearDuplicateGroup(lead_id=lead, size=0) for lead in new_groups
        )
        group_of_lead.update((g.lead_id, g.pk) for g in created)
        for lead, members in copies.items():
            group = group_of_lead[lead]
            sizes[group] = len(members) + 1
            wanted[lead] = (group, True)
            wanted.update((pk, (group, False)) for pk in members)
        changes = []
        for pk, (group, lead) in current.items():
            target = wanted.get(pk, (None, True))
            if (group, lead) != target:
                changes.append((pk, *target))
                if len(summary.examples) < 20:
                    summary.examples.append((pk, group, target[0]))
        with connection.cursor() as cursor:
            from psycopg2.extras import execute_values

            if changes:
                execute_values(
                    cursor,
                    "UPDATE articles_article a SET duplicate_group_id = v.g, is_story_lead = v.l "
                    "FROM (VALUES %s) AS v (id, g, l) WHERE a.id = v.id",
                    changes,
                    template="(%s, %s::bigint, %s)",
                )
            if sizes:
                execute_values(
                    cursor,
                    f"UPDATE {NearDuplicateGroup._meta.db_table} g SET size = v.s "
                    "FROM (VALUES %s) AS v (id, s) WHERE g.id = v.id AND g.size <> v.s",
                    list(sizes.items()),
                )
        NearDuplicateGroup.objects.exclude(pk__in=list(sizes)).delete()
    summary.changed = len(changes)
    summary.stories = len(sizes)
    return summary


@dataclass
class StoryOverlap:
    group: int
    lead: int
    member: int
    overlap: float  # exact 5-word shingle Jaccard of the two cleaned bodies


def story_overlaps() -> Iterator[StoryOverlap]:
    """Yield each copy's exact body overlap with its story's lead, group by group."""
    groups = NearDuplicateGroup.objects.order_by("pk").values_list("pk", flat=True)
    ids = list(groups)
    for start in range(0, len(ids), 500):
        rows = (
            Article.objects.filter(duplicate_group_id__in=ids[start : start + 500])
            .order_by("duplicate_group_id", "pk")
            .values_list("duplicate_group_id", "id", "is_story_lead", "body")
        )
        by_group: dict[int, list[tuple[int, bool, str]]] = defaultdict(list)
        for group, pk, lead, body in rows:
            by_group[group].append((pk, lead, body))
        for group, members in by_group.items():
            lead = next((m for m in members if m[1]), members[0])
            lead_shingles = dedup.shingles(lead[2])
            for pk, _, body in members:
                if pk != lead[0]:
                    yield StoryOverlap(group, lead[0], pk, _jaccard(lead_shingles, body))


def _jaccard(shingles: set[str], body: str) -> float:
    other = dedup.shingles(body)
    union = len(shingles | other)
    return len(shingles & other) / union if union else 0.0


def overlap_report(overlaps: Iterable[StoryOverlap], *, below: float) -> dict:
    """Return the figures ``check_stories`` prints: copies, groups, overlap quantiles, the
    copies under ``below``."""
    found = list(overlaps)
    values = sorted(o.overlap for o in found)
    low = [o for o in found if o.overlap < below]
    return {
        "groups": len({o.group for o in found}),
        "copies": len(found),
        "min": values[0] if values else None,
        "median": statistics.median(values) if values else None,
        "below": low,
    }


@dataclass
class CopySearch:
    copies: int = 0
    story_found: int = 0  # the copy's story is in the results of a search for its title
    copy_shown: int = 0  # the copy itself is the row (its lead's title does not match)
    missed: list[tuple[int, str]] = field(default_factory=list)


def copies_found_by_title() -> CopySearch:
    """Search the public list for each public copy's own title; count what is found.

    The story counts as found when its row is the copy or its lead; the title's words
    are the search words (the list's syntax: every word required).
    """
    from articles.choices import ArticleStatus
    from articles.search import results
    from articles.selectors.browse import ArticleCriteria

    found = CopySearch()
    copies = Article.objects.filter(
        is_story_lead=False, duplicate_group__isnull=False, status=ArticleStatus.PUBLISHED
    ).values_list("id", "title", "duplicate_group__lead_id")
    for pk, title, lead in copies:
        quoted = " ".join(word.replace('"', "") for word in title.split())
        shown = set(results.all_ids(ArticleCriteria(q=quoted)))
        found.copies += 1
        if pk in shown or lead in shown:
            found.story_found += 1
            found.copy_shown += pk in shown
        else:
            found.missed.append((pk, title))
    return found
