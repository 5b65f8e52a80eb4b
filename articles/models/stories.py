"""Editors' story decisions: articles taken out of a near-duplicate group, kept apart."""

from django.db import models

from .articles import Article
from .base import UndoableDecision


class StoryDecision(UndoableDecision):
    """An editor's decision that some articles of a story are not the same story.

    Its members (``StoryDecisionArticle``) are the story's articles at the time, on two
    sides: those that left and those that stayed. While the decision stands (not undone),
    automatic grouping never puts an article of one side with one of the other (see
    ``selectors.articles_kept_apart``). Undoing it puts the articles back into their story.
    """

    class Kind(models.TextChoices):
        REMOVE = "remove", "Removed from its story"
        SPLIT = "split", "Split into a new story"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Numbers, not foreign keys: a story left with one article is deleted, and undoing the
    # decision creates it again under the same id.
    from_story = models.PositiveBigIntegerField(
        help_text="The story (near-duplicate group) the articles were taken out of."
    )
    new_story = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The story the split articles formed (empty: one article, its own story).",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"], name="storydecision_created_idx")]

    def __str__(self):
        return self.summary or f"{self.get_kind_display()}: story #{self.from_story}"


class StoryDecisionArticle(models.Model):
    """One article of a story decision, on the side that left the story or the side that stayed."""

    decision = models.ForeignKey(StoryDecision, on_delete=models.CASCADE, related_name="members")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    moved = models.BooleanField(help_text="True: the article left the story; False: it stayed.")
    was_lead = models.BooleanField(
        default=False, help_text="Whether the article led the story before the decision."
    )

    class Meta:
        ordering = ["decision", "article"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "article"], name="storydecisionarticle_unique"
            ),
        ]
        # The kept-apart look-up starts from articles: the article foreign key's own index
        # serves it (one index scan for a whole batch).

    def __str__(self):
        side = "left" if self.moved else "stayed"
        return f"#{self.article_id} {side} (decision #{self.decision_id})"
