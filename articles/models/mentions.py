"""Which countries, officials, organisations and topics each article concerns, and why."""

import re

from django.db import models
from django.db.models import Q

from articles.choices import CountryMentionStrength, Origin
from articles.extract.officials import says_former

from .articles import Article
from .base import SavedOnlyHistoricalRecords
from .entities import Appointment, Country, Official, Organisation, Topic


class MentionBase(models.Model):
    """What every mention keeps: how often, where first, what matched, focus and origin.

    ``published_at`` copies the article's date so date-bounded entity filters and
    timelines are answered from the mention table's own index, without a join;
    ``public_lead`` copies whether the article is what lists show by default (published,
    its story's lead), so entity pages count what ``/articles/?country=XX`` lists. The
    database keeps both right whoever writes (``models/triggers.py``, migration 0008):
    code never sets them.
    ``suppressed`` marks a mention an editor removed: re-extraction must not bring it back.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    count = models.PositiveIntegerField(default=1)
    first_offset = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the first match in the text."
    )
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="The surface forms matched and where: [{text, start, field, rule}].",
    )
    is_focus = models.BooleanField(default=False)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.AUTOMATIC)
    suppressed = models.BooleanField(
        default=False, help_text="Removed by an editor; kept so re-extraction leaves it out."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    public_lead = models.BooleanField(
        db_default=False,
        editable=False,
        help_text="The article is published and its story's lead: what lists show by default.",
    )

    class Meta:
        abstract = True

    @property
    def surface_forms(self) -> list[str]:
        """Return the distinct texts that matched, in order of first appearance."""
        seen: dict[str, None] = {}
        for item in self.evidence or []:
            seen.setdefault(item.get("text", ""), None)
        return [text for text in seen if text]


def _derived_indexes(
    short: str,
    entity: str,
    *,
    facet: list[str],
    facet_name: str,
    facet_condition: Q | None = None,
) -> list[models.Index]:
    """Return a mention table's indexes over unsuppressed rows (migrations 0005 and 0008).

    ``<short>_lead_idx``: an entity's timeline, totals and intersections over public
    story leads, as index-only scans of (entity, date) holding the article and focus.
    ``facet_name``: facet counts per article without reading the mention rows.
    """
    return [
        models.Index(
            fields=[entity, "published_at"],
            name=f"{short}_lead_idx",
            include=["article", "is_focus"],
            condition=Q(public_lead=True) & Q(suppressed=False),
        ),
        models.Index(
            fields=facet, name=facet_name, condition=facet_condition or Q(suppressed=False)
        ),
    ]


class ArticleCountry(MentionBase):
    """An article's mention of a country (directly, or through a place inside it)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(
        max_length=8, choices=CountryMentionStrength.choices, default=CountryMentionStrength.DIRECT
    )

    history = SavedOnlyHistoricalRecords(excluded_fields=["published_at", "public_lead"])

    class Meta:
        verbose_name = "country mention"
        verbose_name_plural = "country mentions"
        ordering = ["-is_focus", "-count", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="articlecountry_unique"),
        ]
        indexes = [
            models.Index(
                fields=["country", "-published_at", "article"], name="articlecountry_filter_idx"
            ),
            *_derived_indexes(
                "articlecountry",
                "country",
                facet=["article", "country", "is_focus"],
                facet_name="articlecountry_facet_idx",
            ),
        ]

    def __str__(self):
        return f"{self.country_id} in article {self.article_id}"


class ArticleOfficial(MentionBase):
    """An article's mention of a person in office, with the name and title as written."""

    official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    appointment = models.ForeignKey(
        Appointment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
        help_text="The post the article gives: held on its date, or, when former, then.",
    )
    raw_name = models.CharField(max_length=200)
    raw_title = models.CharField(
        "title as written", max_length=300, blank=True, help_text="The title the text gives."
    )
    former = models.BooleanField(
        db_default=False,  # rows copied in bulk without the column are not former
        help_text="The article presents the person as no longer in this post "
        "(“former”, “then-”, “the late”, or the post had ended by the article's date).",
    )

    history = SavedOnlyHistoricalRecords(excluded_fields=["published_at", "public_lead"])

    class Meta:
        verbose_name = "official mention"
        verbose_name_plural = "official mentions"
        ordering = ["-is_focus", "-count", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "official"],
                condition=Q(official__isnull=False),
                name="articleofficial_unique",
            ),
            models.UniqueConstraint(
                fields=["article", "raw_name"],
                condition=Q(official__isnull=True),
                name="articleofficial_unlinked_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["official", "-published_at", "article"], name="articleofficial_filter_idx"
            ),
            *_derived_indexes(
                "articleofficial",
                "official",
                facet=["article", "official", "is_focus"],
                facet_name="articleofficial_facet_idx",
                facet_condition=Q(suppressed=False) & Q(official__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.raw_name} in article {self.article_id}"

    @property
    def post_display(self) -> str:
        """Return the post to show beside the name: the linked post, else the text's title.

        "former " leads a former post, once ("former Prime Minister", not "former former").
        """
        if self.appointment_id is not None:
            a = self.appointment
            post = a.post
            if a.country_id is not None and not _PLACED.search(post):
                post = f"{post} of {a.country.name}"
            elif a.organisation_id is not None:
                post = f"{post}, {a.organisation.name}"
        else:
            post = self.raw_title
        if self.former and post and not says_former(post):
            post = f"former {post}"
        return post


_PLACED = re.compile(r" (?:of|from|for|to) ")  # "Senator from Texas" says where already


class ArticleOrganisation(MentionBase):
    """An article's mention of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="mentions"
    )

    history = SavedOnlyHistoricalRecords(excluded_fields=["published_at", "public_lead"])

    class Meta:
        verbose_name = "organisation mention"
        verbose_name_plural = "organisation mentions"
        ordering = ["-is_focus", "-count", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation"], name="articleorganisation_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "-published_at", "article"], name="articleorg_filter_idx"
            ),
            *_derived_indexes(
                "articleorganisation",
                "organisation",
                facet=["article", "organisation"],
                facet_name="articleorg_facet_idx",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_id} in article {self.article_id}"


class ArticleTopic(MentionBase):
    """An article's topic, with the rule score that earned it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="mentions")
    score = models.FloatField(default=0.0)

    history = SavedOnlyHistoricalRecords(excluded_fields=["published_at", "public_lead"])

    class Meta:
        verbose_name = "topic mention"
        verbose_name_plural = "topic mentions"
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="articletopic_unique"),
        ]
        indexes = [
            models.Index(
                fields=["topic", "-published_at", "article"], name="articletopic_filter_idx"
            ),
            *_derived_indexes(
                "articletopic",
                "topic",
                facet=["article", "topic"],
                facet_name="articletopic_facet_idx",
            ),
        ]

    def __str__(self):
        return f"{self.topic_id} in article {self.article_id}"


# The four mention kinds, once: kind -> (mention model, its entity field). Services,
# selectors and the audit derive their own views from this (the public filter names
# differ: "country", "organization"; see selectors/browse.ENTITY_KINDS).
MENTION_MODELS: dict[str, tuple[type[MentionBase], str]] = {
    "countries": (ArticleCountry, "country"),
    "officials": (ArticleOfficial, "official"),
    "organisations": (ArticleOrganisation, "organisation"),
    "topics": (ArticleTopic, "topic"),
}
# The four mention models alone, in the same order.
MENTION_CLASSES: tuple[type[MentionBase], ...] = tuple(m for m, _ in MENTION_MODELS.values())
