"""Reads for readers' accounts: saved searches, what a digest has to send, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from articles.choices import ArticleStatus, DigestFrequency
from articles.models import Article, DigestDelivery, DigestItem, SavedSearch
from articles.selectors import article_public_queryset
from articles.selectors.browse import NEWEST, ArticleCriteria, article_filter


@dataclass(frozen=True)
class DigestSlot:
    """The latest moment a digest of one frequency was due, and the period it names."""

    frequency: str
    at: datetime
    period: str


def digest_slot(*, frequency: str, now: datetime) -> DigestSlot:
    """Return the latest digest slot at or before ``now`` for ``frequency``.

    Daily digests are due every day at ``DIGEST_HOUR`` (UTC), named by that day
    (``2026-12-07``); weekly ones on Mondays at that hour, named by the ISO week
    (``2026-W50``). A slot missed (no run that day) is still the latest until the next one.
    """
    now = now.astimezone(UTC)
    at = now.replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if frequency == DigestFrequency.WEEKLY:
        at -= timedelta(days=at.weekday())
        if at > now:
            at -= timedelta(days=7)
        year, week, _ = at.isocalendar()
        return DigestSlot(frequency, at, f"{year}-W{week:02d}")
    if at > now:
        at -= timedelta(days=1)
    return DigestSlot(DigestFrequency.DAILY, at, at.date().isoformat())


def digest_due_ids(*, now: datetime) -> list[int]:
    """Return the saved searches whose digest is due at ``now`` and not yet done.

    Due: a daily or weekly digest turned on before the latest slot, for an active account
    whose address is confirmed, with no delivery recorded for that slot's period.
    """
    due = Q()
    for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        slot = digest_slot(frequency=frequency, now=now)
        done = DigestDelivery.objects.filter(saved_search=OuterRef("pk"), period=slot.period)
        due |= Q(frequency=frequency, digest_since__lt=slot.at) & ~Exists(done)
    return list(
        SavedSearch.objects.filter(
            due,
            user__is_active=True,
            user__reader__email_confirmed_at__isnull=False,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def digest_new_ids(*, saved_search: SavedSearch, criteria: ArticleCriteria) -> list[int]:
    """Return the search's matches that are new to its digest, newest first.

    New: added after the digest was turned on (id above ``digest_after_id``) and listed
    by no earlier digest of this search. Publication dates play no part, so an article
    imported late with an old date is new once, and never again.
    """
    members = article_public_queryset().filter(id__gt=saved_search.digest_after_id)
    matched = article_filter(members, criteria=criteria).filter(status=ArticleStatus.PUBLISHED)
    listed = DigestItem.objects.filter(saved_search_id=saved_search.pk).values("article_id")
    return list(matched.exclude(id__in=listed).order_by(*NEWEST).values_list("id", flat=True))


def article_latest_id() -> int:
    """Return the largest article id (0 for none): where "new" starts for a digest."""
    last = Article.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def digest_rows(ids: list[int]) -> list[dict]:
    """Return title, date and outlet of ``ids``, in that order (public articles only)."""
    rows = (
        article_public_queryset()
        .filter(id__in=ids)
        .annotate(source_name=F("source__name"))
        .values("id", "title", "published_at", "source_name")
    )
    found = {row["id"]: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


def saved_searches_of(*, user) -> QuerySet[SavedSearch]:
    """Return a reader's saved searches, by name."""
    return SavedSearch.objects.filter(user=user).order_by("name", "id")


def saved_search_of(*, user, pk: int) -> SavedSearch | None:
    """Return the reader's saved search ``pk``, or None (someone else's is None too)."""
    return SavedSearch.objects.filter(user=user, pk=pk).first()


def saved_search_get(*, pk: int) -> SavedSearch | None:
    """Return the saved search ``pk`` with its owner, or None."""
    return SavedSearch.objects.select_related("user").filter(pk=pk).first()


__all__ = [
    "DigestSlot",
    "article_latest_id",
    "digest_due_ids",
    "digest_new_ids",
    "digest_rows",
    "digest_slot",
    "saved_search_get",
    "saved_search_of",
    "saved_searches_of",
]


def readers_for_reset(*, email: str):
    """Return the active, confirmed accounts of ``email`` with a password (at most one)."""
    from django.contrib.auth import get_user_model

    return [
        user
        for user in get_user_model().objects.filter(
            username=email, is_active=True, reader__email_confirmed_at__isnull=False
        )
        if user.has_usable_password()
    ]


def reader_by_email(*, email: str):
    """Return the account of ``email`` (normalised) with its reader row, or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=email).select_related("reader").first()


def saved_search_by_query(*, user, query: str) -> SavedSearch | None:
    """Return the reader's saved search of this canonical query string, or None."""
    return SavedSearch.objects.filter(user=user, query=query).order_by("name").first()
