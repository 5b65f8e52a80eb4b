"""The search index's change log: which articles changed, and how far each index copy read.

Each web node keeps its own copy of the index (``SEARCH_INDEX_DIR``); all of them read the
one queue, each from its own position (``articles.search.position``), so any number of
nodes catch up with the same changes.
"""

from django.db import models
from django.db.models import Func
from django.db.models.functions import Cast

CURRENT_TRANSACTION = Cast(
    Cast(Func(function="pg_current_xact_id", output_field=models.TextField()), models.TextField()),
    models.BigIntegerField(),
)


class IndexQueue(models.Model):
    """An article whose index document must be rewritten (or removed, if it is gone).

    Rows are written by PostgreSQL triggers on the article and mention tables, in the
    transaction of the change itself (``triggers.py``), so no code path can forget one.
    ``xid`` is that transaction's id: an index copy has read every row whose transaction
    its recorded snapshot sees as committed. Rows are deleted once every live index copy
    (``IndexNode``) has read them.
    """

    id = models.BigAutoField(primary_key=True)
    article_id = models.BigIntegerField()
    # The writing transaction's 64-bit id (``pg_current_xact_id()``, an ``xid8``), kept as
    # a bigint: compared with a snapshot, it is cast back (``xid::text::xid8``).
    xid = models.BigIntegerField(db_default=CURRENT_TRANSACTION)

    class Meta:
        verbose_name = "search index queue entry"
        verbose_name_plural = "search index queue"
        indexes = [models.Index(fields=["xid", "id"], name="articles_indexqueue_xid_id")]

    def __str__(self):
        return f"article {self.article_id}"


class IndexNode(models.Model):
    """One copy of the search index (a web node's folder) and how far it has read the queue.

    ``seen`` is the snapshot up to which the copy has read the queue (the rows of every
    transaction it sees as ended), ``horizon`` its ``xmin``: rows every live copy's snapshot
    sees are deleted. A copy not seen for
    ``SEARCH_NODE_FORGET_AFTER`` seconds is forgotten (its row deleted): it no longer holds
    queue rows back, and rebuilds itself if it comes back.
    """

    name = models.CharField(max_length=500, unique=True)
    index_id = models.UUIDField()  # written in the copy's position file when it was built
    seen = models.TextField()  # a pg_snapshot's text: xmin:xmax:xip,…
    horizon = models.BigIntegerField()
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = "search index copy"
        verbose_name_plural = "search index copies"

    def __str__(self):
        return self.name
