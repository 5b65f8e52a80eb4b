"""Bookkeeping of the site itself: what public pages show changed, and request limits."""

from django.db import models


class SiteVersion(models.Model):
    """One row: how many committed transactions changed what public pages show, and when.

    Bumped by the database, never by Python code: a statement trigger on every table
    public pages read notes that its transaction changed content, and a deferred trigger
    bumps this row as that transaction commits (``triggers.py``). So an import's COPY, a
    raw ``execute_values``, an editor's save and a ``psql`` session all count, and the
    new number becomes visible in the same instant as the change it counts. Cached pages
    are keyed by it (``articles.middleware.PageCacheMiddleware``).
    """

    number = models.BigIntegerField(default=0)
    changed = models.DateTimeField()

    class Meta:
        verbose_name = "site version"

    def __str__(self) -> str:
        return f"version {self.number} ({self.changed:%Y-%m-%d %H:%M:%S})"


class DataChange(models.Model):
    """A transaction that changed content, noted until it commits (rows never last).

    The statement triggers of every content table insert one row per transaction; a
    deferred constraint trigger on this table bumps ``SiteVersion`` as the transaction
    commits and deletes the row (``models/triggers.py``, migration 0022, which created
    the id as a ``bigserial``).
    """

    id = models.BigAutoField(primary_key=True)

    class Meta:
        verbose_name = "data change"

    def __str__(self) -> str:
        return f"change #{self.id}"


class RateCounter(models.Model):
    """Requests one client made in one window of one limit.

    An UNLOGGED table (migration 0022; Django cannot declare it): a crash empties it,
    which only forgets recent requests, and its upserts write no WAL.
    """

    key = models.CharField(max_length=200)
    period = models.BigIntegerField()  # which window: the time divided by its length
    hits = models.IntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "period"], name="ratecounter_key_period")
        ]

    def __str__(self) -> str:
        return f"{self.key} #{self.period}: {self.hits}"


class ExportSlot(models.Model):
    """An export being streamed to a client; freed when it ends.

    An UNLOGGED table, like ``RateCounter`` (migration 0022).
    """

    client = models.CharField(max_length=100, db_index=True)
    expires = models.DateTimeField()

    def __str__(self) -> str:
        return f"export by {self.client} until {self.expires:%H:%M:%S}"
