"""Readers' accounts: a confirmed address, saved searches and the digests sent for them.

A reader is Django's ``User`` whose username is the normalised email address (lower-case),
with no staff or admin rights; ``Reader`` adds what Django's user lacks: whether the
address was confirmed. Nothing public needs an account.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from articles.choices import DigestFrequency, DigestOutcome


class Reader(models.Model):
    """What Newsroom knows about a reader's account beyond Django's ``User``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader"
    )
    email_confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the reader opened the confirmation link; no digest is sent before.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.user.email or self.user.username

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class SavedSearch(models.Model):
    """A reader's named list state (the canonical query string of ``/articles/``).

    ``digest_after_id`` marks where "new" starts: a digest lists the matching articles
    with a larger id (added to Newsroom after the digest was turned on) that no earlier
    digest of this search listed (``DigestItem``), whatever their publication date.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(
        max_length=2000,
        blank=True,
        help_text="The list's canonical query string, as ArticleFilterSet.params() builds it.",
    )
    frequency = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.NONE
    )
    digest_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the digest was last turned on: the first one is due after this.",
    )
    digest_after_id = models.BigIntegerField(
        default=0, help_text="Articles with a larger id are new to the digest."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id", "name", "id"]
        verbose_name_plural = "saved searches"
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="savedsearch_unique_name"),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "id"],
                name="savedsearch_digest_idx",
                condition=~Q(frequency=DigestFrequency.NONE),
            )
        ]

    def __str__(self) -> str:
        return self.name


class DigestDelivery(models.Model):
    """One digest period of one saved search: sent (with its articles) or found empty.

    Unique per search and period, so two ``send_digests`` running at once, or one run
    twice, never send a period's digest twice.
    """

    # Indexed by the unique (saved_search, period) constraint, which it leads.
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    period = models.CharField(
        max_length=16, help_text="The day (2026-12-07) or ISO week (2026-W50) it covers."
    )
    frequency = models.CharField(max_length=8, choices=DigestFrequency.choices)
    outcome = models.CharField(max_length=8, choices=DigestOutcome.choices)
    article_count = models.PositiveIntegerField(default=0)
    recipient = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "period"], name="digestdelivery_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} · {self.period} · {self.article_count} articles"


class DigestItem(models.Model):
    """An article a digest listed: each article is listed once per saved search."""

    delivery = models.ForeignKey(DigestDelivery, on_delete=models.CASCADE, related_name="items")
    # Indexed by the unique (saved_search, article) constraint, which it leads.
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "article"], name="digestitem_unique_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id}: article {self.article_id}"
