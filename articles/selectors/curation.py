"""Reads for editor curation: the candidates queue and its evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from articles.choices import OfficialStatus
from articles.models import Appointment, ArticleOfficial, Official, OfficialMerge

SAMPLE_ARTICLES = 3
SAMPLE_TITLES = 5


def candidate_queryset(*, q: str = "") -> QuerySet[Official]:
    """Return candidate officials, most often seen first, with their mention totals."""
    queryset = Official.objects.filter(
        status=OfficialStatus.CANDIDATE, merged_into__isnull=True
    ).select_related("nationality")
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(aliases__alias__icontains=q)).distinct()
    return queryset.annotate(
        seen=Sum("mentions__count", filter=Q(mentions__suppressed=False), default=0),
        article_count=Count("mentions", filter=Q(mentions__suppressed=False)),
    ).order_by("-seen", "-article_count", "name", "id")


@dataclass
class CandidateEvidence:
    """What an editor needs to decide on one candidate."""

    titles: list[tuple[str, int]] = field(default_factory=list)  # as written, how many articles
    articles: list[ArticleOfficial] = field(default_factory=list)  # a few, newest first
    proposed: list[Appointment] = field(default_factory=list)


def candidate_evidence(*, official_ids: list[int]) -> dict[int, CandidateEvidence]:
    """Return the evidence of each candidate in ``official_ids`` (three queries in all)."""
    out = {pk: CandidateEvidence() for pk in official_ids}
    if not official_ids:
        return out
    titles = (
        ArticleOfficial.objects.filter(official_id__in=official_ids, suppressed=False)
        .exclude(raw_title="")
        .values("official_id", "raw_title")
        .annotate(n=Count("id"))
        .order_by("official_id", "-n", "raw_title")
    )
    per: dict[int, list] = defaultdict(list)
    for row in titles:
        if len(per[row["official_id"]]) < SAMPLE_TITLES:
            per[row["official_id"]].append((row["raw_title"], row["n"]))
    for pk, items in per.items():
        out[pk].titles = items
    ranked = (
        ArticleOfficial.objects.filter(official_id__in=official_ids, suppressed=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("official_id")],
                order_by=[F("published_at").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(rank__lte=SAMPLE_ARTICLES)
        .select_related("article")
        .only("official_id", "raw_name", "raw_title", "count", "article__id", "article__title")
        .order_by("official_id", "rank")
    )
    for mention in ranked:
        out[mention.official_id].articles.append(mention)
    for appointment in Appointment.objects.filter(
        official_id__in=official_ids, proposed=True
    ).select_related("country", "organisation"):
        out[appointment.official_id].proposed.append(appointment)
    return out


def official_merge_feed_entries(limit: int, before=None) -> list:
    """Official merges as lines of the admin's recent-changes feed, undo link included."""
    from django.urls import reverse

    from articles.selectors.changes import Change, ChangeEntry

    merges = OfficialMerge.objects.select_related("created_by", "survivor")
    if before is not None:
        merges = merges.filter(created_at__lt=before)
    entries = []
    for merge in merges.order_by("-created_at", "-id")[:limit]:
        undone = merge.undone_at is not None
        entries.append(
            ChangeEntry(
                when=merge.created_at,
                who=merge.created_by.get_username() if merge.created_by else "—",
                action="merge (undone)" if undone else "merge",
                model="official merge",
                object_label=merge.summary or f"Merge into {merge.survivor}",
                object_url=reverse("admin:articles_officialmerge_change", args=[merge.pk]),
                changes=[Change(field="survivor", before="—", after=str(merge.survivor))],
                revert_url=""
                if undone
                else reverse("admin:articles_officialmerge_undo", args=[merge.pk]),
                key=f"merge-{merge.pk}",
            )
        )
    return entries
