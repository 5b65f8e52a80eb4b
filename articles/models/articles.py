"""Sources and articles."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from articles.choices import ArticleStatus

from .base import TimeStampedModel
from .entities import Country
from .ingest import ImportRun

# The text search configuration; ``english`` ships with core PostgreSQL (no contrib needed).
SEARCH_CONFIG = "english"


class Source(TimeStampedModel):
    """A news outlet."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=200, blank=True)
    publisher_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    cleaning_rules = models.JSONField(
        default=list,
        blank=True,
        help_text="Extra regular expressions removed from this source's bodies on import.",
    )
    learned_furniture = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Paragraph keys found repeating across this source's articles.",
    )

    history = HistoricalRecords(excluded_fields=["learned_furniture", "created_at", "updated_at"])

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:source_detail", kwargs={"slug": self.slug})


class NearDuplicateGroup(models.Model):
    """Articles carrying substantially the same text: one story at several outlets."""

    lead = models.ForeignKey(
        "Article",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The earliest member; lists show it as the story's row.",
    )
    size = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"Story #{self.pk} ({self.size} copies)"


def _by_date(name: str, *, oldest_first: bool = False, **options) -> models.Index:
    """An index in a list's date order: newest (or oldest) first, undated last, ties by id."""
    order = "asc" if oldest_first else "desc"
    return models.Index(
        getattr(models.F("published_at"), order)(nulls_last=True),
        getattr(models.F("id"), order)(),
        name=name,
        **options,
    )


class Article(TimeStampedModel):
    """One imported article: raw text kept, cleaned body, tags through the mention tables."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=2000, null=True, blank=True, unique=True)
    external_id = models.CharField(max_length=500, blank=True)
    content_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised body: the dedup key."
    )
    title = models.TextField()
    lede = models.TextField(blank=True)
    byline = models.CharField(max_length=500, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty: undated.")
    body = models.TextField(blank=True, help_text="The cleaned body.")
    corrections = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="Editors' correction notices found in the text, kept out of the body.",
    )
    raw_text = models.TextField(blank=True, help_text="The text exactly as imported.")
    language = models.CharField(max_length=8, default="en")
    word_count = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.PUBLISHED
    )
    reviewed = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_group = models.ForeignKey(
        NearDuplicateGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    is_story_lead = models.BooleanField(
        default=True, help_text="False for the later copies of a near-duplicate group."
    )
    minhash = models.JSONField(
        null=True, blank=True, editable=False, help_text="MinHash signature (near-duplicates)."
    )
    record_key = models.CharField(
        max_length=2000,
        blank=True,
        default="",
        editable=False,
        help_text="The input record's identity (url, else source and external id).",
    )
    duplicate_keys = ArrayField(
        models.CharField(max_length=2000),
        default=list,
        blank=True,
        editable=False,
        help_text="Identities of other input records with exactly this body (stored once).",
    )
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    cleaner_version = models.PositiveSmallIntegerField(default=0)
    extractor_version = models.PositiveSmallIntegerField(default=0)
    # Weighted title > lede > body, computed by a PostgreSQL trigger (``triggers.py``) on
    # insert, COPY and any update of the texts, so bulk inserts keep it right. Not a
    # generated column: a pg_dump then holds its values and a restore need not compute
    # them again. Never set it: a value written into it is replaced by the computed one.
    search_vector = SearchVectorField(null=True, editable=False)

    # Audit of what editors change (status, review, title, date, source); the texts and
    # derived columns stay out of the history table.
    history = HistoricalRecords(
        excluded_fields=[
            "url",
            "external_id",
            "content_hash",
            "lede",
            "byline",
            "dateline",
            "body",
            "corrections",
            "raw_text",
            "language",
            "word_count",
            "duplicate_group",
            "is_story_lead",
            "minhash",
            "record_key",
            "duplicate_keys",
            "import_run",
            "cleaner_version",
            "extractor_version",
            "search_vector",
            "created_at",
            "updated_at",
        ]
    )

    class Meta:
        # Newest first; undated articles after every dated one (PostgreSQL's DESC puts NULL first).
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            _by_date("article_pub_idx", condition=Q(status=ArticleStatus.PUBLISHED)),
            # The admin's default order over every status (hidden articles included).
            _by_date("article_admin_pub_idx"),
            # Hidden articles are few: the admin's "status: hidden" list and count.
            _by_date("article_hidden_idx", condition=Q(status=ArticleStatus.HIDDEN)),
            # One row per story, newest or oldest first (migration 0005): counting and
            # paging published story leads are index-only scans.
            _by_date(
                "article_lead_pub_idx",
                include=["source"],
                condition=Q(status=ArticleStatus.PUBLISHED) & Q(is_story_lead=True),
            ),
            _by_date(
                "article_lead_pub_asc_idx",
                oldest_first=True,
                condition=Q(status=ArticleStatus.PUBLISHED) & Q(is_story_lead=True),
            ),
            models.Index(fields=["source", "-published_at"], name="article_source_pub_idx"),
            models.Index(fields=["external_id"], name="article_external_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(url=""), name="article_url_null_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "articles:article_detail",
            kwargs={"pk": self.pk, "slug": slugify(self.title)[:80] or "article"},
        )


class ArticleBand(models.Model):
    """One LSH band hash of an article's MinHash signature: finds near-duplicate candidates.

    Kept in its own indexed table so the import finds candidates with one query per batch
    instead of holding every signature of a million-article corpus in memory.
    """

    # No foreign-key constraint in the database: it would check each of an article's ~42
    # rows against articles_article on insert, a server cost on every imported article.
    # The ORM still deletes the bands with their article, and a stray band (left by a raw
    # SQL delete) is harmless: its id matches no article, so it is never a candidate.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bands", db_constraint=False
    )
    band = models.BigIntegerField()

    class Meta:
        ordering = ["band", "article"]
        # No unique constraint: rows are written once per article by the importer, and a
        # second index would double the cost of the busiest insert of an import.
        indexes = [models.Index(fields=["band"], name="articleband_band_idx")]

    def __str__(self):
        return f"{self.band} → {self.article_id}"


class PublicDay(models.Model):
    """How many public story leads (published, one per story) each UTC day has.

    Kept by PostgreSQL alone: statement-level triggers on ``articles_article`` add and
    subtract per statement, in day order, and a TRUNCATE of the articles empties it
    (``models/triggers.py``, migration 0008). Undated articles count under ``-infinity``
    (``date.min`` in Python). No page reads it since the search index answers counts and
    timelines (issue 14); it is declared here so the schema is complete, and dropping it
    (with its four triggers) takes one migration.
    """

    day = models.DateField(primary_key=True)
    n = models.IntegerField(help_text="Public story leads dated that day.")

    class Meta:
        ordering = ["day"]
        verbose_name = "public day"

    def __str__(self):
        return f"{self.day}: {self.n}"
