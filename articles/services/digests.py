"""Send the saved searches' email digests that are due (``manage.py send_digests``).

Each due search is handled in its own transaction holding its row's lock (``SKIP
LOCKED``: a second run at the same moment passes it by). The transaction records the
period's ``DigestDelivery`` (unique per search and period) and one ``DigestItem`` per
article listed (unique per search and article), then sends the mail; a failed send rolls
all of it back, so the next run tries again. So a period is never sent twice and an
article never listed twice, and one that matched is listed by the next digest due.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from articles.choices import DigestFrequency, DigestOutcome
from articles.models import DigestDelivery, DigestItem, SavedSearch
from articles.selectors.browse import ArticleCriteria
from articles.selectors.readers import (
    digest_due_ids,
    digest_new_ids,
    digest_rows,
    digest_slot,
)

from .readers import feed_token_make, mail_send, unsubscribe_token_make

logger = logging.getLogger(__name__)

LISTED_MAX = 100  # articles a mail lists by title; the rest are counted and linked


class ReadQuery(Protocol):
    """A saved query string read back (an ``ArticleFilterSet``): criteria, and what it ignored."""

    criteria: ArticleCriteria
    ignored: list[str]


@dataclass
class DigestReport:
    """What a run did: searches by outcome, mails sent and articles listed."""

    outcomes: Counter = field(default_factory=Counter)
    articles: int = 0

    @property
    def sent(self) -> int:
        return self.outcomes["sent"]

    def summary(self) -> str:
        parts = [
            f"{self.outcomes[name]} {label}"
            for name, label in (
                ("sent", "sent"),
                ("empty", "with nothing new"),
                ("busy", "taken by another run"),
                ("not_due", "no longer due"),
                ("failed", "failed (tried again next run)"),
                ("would_send", "would be sent (dry run)"),
            )
            if self.outcomes[name]
        ]
        listed = f"; {self.articles} articles listed" if self.articles else ""
        return "Digests: " + (", ".join(parts) if parts else "none due") + listed + "."


def digests_due(*, now: datetime) -> list[int]:
    """Return the ids of the saved searches whose digest is due at ``now``."""
    return digest_due_ids(now=now)


def digests_send(
    *,
    ids: Iterable[int],
    now: datetime,
    read_query: Callable[[str], ReadQuery],
    dry_run: bool = False,
    report: DigestReport | None = None,
    progress: Callable[[], None] | None = None,
) -> DigestReport:
    """Send the digests of ``ids`` that are still due at ``now``.

    ``read_query`` reads a saved query string (``ArticleFilterSet``: the FilterSet is a
    layer above this one).
    """
    report = report or DigestReport()
    for pk in ids:
        try:
            outcome, count = digest_send(pk=pk, now=now, read_query=read_query, dry_run=dry_run)
        except Exception:  # noqa: BLE001 - one bad mail server answer must not stop the run
            logger.exception("digest of saved search %s failed", pk)
            outcome, count = "failed", 0
        report.outcomes[outcome] += 1
        report.articles += count
        if progress:
            progress()
    return report


def digest_send(
    *,
    pk: int,
    now: datetime,
    read_query: Callable[[str], ReadQuery],
    dry_run: bool = False,
) -> tuple[str, int]:
    """Send one saved search's due digest; return the outcome and the articles listed."""
    with transaction.atomic():
        search = (
            SavedSearch.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "user__reader")
            .filter(pk=pk)
            .first()
        )
        if search is None:
            return "busy", 0
        if search.frequency == DigestFrequency.NONE or not _confirmed(search):
            return "not_due", 0
        slot = digest_slot(frequency=search.frequency, now=now)
        done = DigestDelivery.objects.filter(saved_search=search, period=slot.period).exists()
        if done or search.digest_since is None or search.digest_since >= slot.at:
            return "not_due", 0
        read = read_query(search.query)
        ids = digest_new_ids(saved_search=search, criteria=read.criteria)
        if dry_run:
            return ("would_send" if ids else "empty"), len(ids)
        delivery = DigestDelivery.objects.create(
            saved_search=search,
            period=slot.period,
            frequency=search.frequency,
            outcome=DigestOutcome.SENT if ids else DigestOutcome.EMPTY,
            article_count=len(ids),
            recipient=search.user.email if ids else "",
        )
        DigestItem.objects.bulk_create(
            [DigestItem(delivery=delivery, saved_search=search, article_id=i) for i in ids],
            batch_size=1000,
        )
        if ids:
            _mail(search, ids, slot.period, notes=list(read.ignored))
        return ("sent" if ids else "empty"), len(ids)


def _confirmed(search: SavedSearch) -> bool:
    user = search.user
    reader = getattr(user, "reader", None)
    return bool(user.is_active and user.email and reader and reader.is_confirmed)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _mail(search: SavedSearch, ids: list[int], period: str, *, notes: list[str]) -> None:
    rows = digest_rows(ids[:LISTED_MAX])
    for row in rows:
        row["url"] = _absolute(reverse("articles:article_detail", kwargs={"pk": row["id"]}))
    unsubscribe = _absolute(
        reverse("accounts:unsubscribe", args=[unsubscribe_token_make(saved_search=search)])
    )
    list_url = _absolute(reverse("articles:article_list")) + (
        "?" + search.query if search.query else ""
    )
    count = len(ids)
    mail_send(
        to=search.user.email,
        subject=f"Newsroom: {count} new article{'s' if count != 1 else ''} for “{search.name}”",
        template="accounts/email/digest",
        context={
            "search": search,
            "period": period,
            "frequency": search.get_frequency_display().lower(),
            "count": count,
            "rows": rows,
            "more": count - len(rows),
            "list_url": list_url,
            "feed_url": _absolute(
                reverse("accounts:search_feed", args=[feed_token_make(saved_search=search)])
            ),
            "searches_url": _absolute(reverse("accounts:searches")),
            "unsubscribe_url": unsubscribe,
            "notes": notes,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


__all__ = ["DigestReport", "digest_send", "digests_due", "digests_send"]
