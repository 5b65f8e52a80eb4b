"""The search index's queue: which articles changed since the index last saw them."""

from django.db import models


class IndexQueue(models.Model):
    """An article whose index document must be rewritten (or removed, if it is gone).

    Rows are written by PostgreSQL triggers on the article and mention tables, in the
    transaction of the change itself (``triggers.py``), so no code path can forget one;
    ``articles.search.indexing.sync`` deletes them only after the index has committed.
    """

    id = models.BigAutoField(primary_key=True)
    article_id = models.BigIntegerField()

    class Meta:
        verbose_name = "search index queue entry"
        verbose_name_plural = "search index queue"

    def __str__(self):
        return f"article {self.article_id}"
