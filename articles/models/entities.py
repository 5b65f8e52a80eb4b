"""The gazetteer: countries, organisations, officials, their aliases, posts and topics."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.choices import (
    CountryAliasKind,
    OfficialStatus,
    OrganisationAliasKind,
    Origin,
    PostKind,
    RuleKind,
)
from articles.extract.types import term_covers

from .base import ReferenceTrackedModel


class Country(ReferenceTrackedModel):
    """A country or territory, keyed by ISO 3166-1 alpha-2 (upper-case in the database)."""

    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    iso3 = models.CharField("ISO alpha-3", max_length=3, blank=True)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(max_length=60, blank=True)
    subregion = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name", "iso2"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper_two_letters"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:country_detail", kwargs={"iso2": self.iso2.lower()})


class CountryAlias(ReferenceTrackedModel):
    """A surface form that names a country: name, alternative, demonym, capital or city."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=CountryAliasKind.choices)
    ambiguous = models.BooleanField(
        default=False,
        help_text="Needs supporting evidence in the article (Georgia, Jordan, Chad, Niger…).",
    )
    blocked = models.BooleanField(
        default=False, help_text="Never match this alias (an editor's global block)."
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.REFERENCE)

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["country__name", "kind", "alias"]
        verbose_name_plural = "country aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["country", "alias"], name="countryalias_unique_per_country"
            ),
        ]
        indexes = [models.Index(fields=["alias"], name="countryalias_alias_idx")]

    def __str__(self):
        return f"{self.alias} ({self.get_kind_display()}, {self.country.iso2})"


class Organisation(ReferenceTrackedModel):
    """An intergovernmental organisation or one of its organs (UN Security Council)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:organization_detail", kwargs={"slug": self.slug})


class OrganisationAlias(ReferenceTrackedModel):
    """A surface form that names an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=OrganisationAliasKind.choices)
    ambiguous = models.BooleanField(default=False)
    blocked = models.BooleanField(default=False)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.REFERENCE)

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["organisation__name", "kind", "alias"]
        verbose_name_plural = "organisation aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "alias"], name="organisationalias_unique_per_org"
            ),
        ]
        indexes = [models.Index(fields=["alias"], name="orgalias_alias_idx")]

    def __str__(self):
        return f"{self.alias} ({self.organisation.slug})"


class Official(ReferenceTrackedModel):
    """A person in public office; candidates come from the extractor for editors to confirm."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    ref_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="Stable key in the reference data files (null for officials made here).",
    )
    nationality = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="officials"
    )
    status = models.CharField(
        max_length=16, choices=OfficialStatus.choices, default=OfficialStatus.CONFIRMED
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="Set when this official was merged into another; its URL redirects there.",
    )

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["status", "name"], name="official_status_name_idx"),
            # The filter form resolves an official typed by name (migration 0005).
            models.Index(Lower("name"), name="official_lower_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:official_detail", kwargs={"slug": self.slug})


class OfficialAlias(ReferenceTrackedModel):
    """A name variant of an official (full names, transliterations)."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(
        max_length=200,
        db_index=True,
        help_text="Normalised matching key (case, accents and transliteration variants folded).",
    )
    blocked = models.BooleanField(default=False)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.REFERENCE)

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["official__name", "alias"]
        verbose_name_plural = "official aliases"
        constraints = [
            models.UniqueConstraint(fields=["official", "alias"], name="officialalias_unique"),
        ]

    def __str__(self):
        return self.alias


class Appointment(ReferenceTrackedModel):
    """A post an official held, for a country or an organisation, between two dates."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="appointments")
    post = models.CharField(max_length=200, help_text="Post title, e.g. “Foreign Minister”.")
    post_kind = models.CharField(max_length=24, choices=PostKind.choices, default=PostKind.OTHER)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    start_date = models.DateField(null=True, blank=True, help_text="Empty when unknown.")
    end_date = models.DateField(null=True, blank=True, help_text="Empty when unknown or ongoing.")
    known_until = models.DateField(
        null=True,
        blank=True,
        help_text="With no end date: the last date a source shows the post held (it may "
        "have been held longer). Empty when nothing dates it.",
    )
    ref_key = models.CharField(max_length=300, blank=True, default="", editable=False)
    proposed = models.BooleanField(
        default=False, help_text="Proposed by the extractor, not yet confirmed by an editor."
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.REFERENCE)

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["official__name", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="appointment_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["official", "ref_key"],
                condition=~Q(ref_key=""),
                name="appointment_unique_ref_key",
            ),
        ]
        indexes = [
            models.Index(fields=["official", "start_date"], name="appointment_official_idx"),
            models.Index(fields=["country", "post_kind"], name="appointment_country_idx"),
        ]

    def __str__(self):
        where = self.country or self.organisation or ""
        return f"{self.post}, {where}".strip(", ")

    def covers(self, day) -> bool:
        """Return whether this appointment was held on ``day``, as extraction reads terms
        (an unknown end reaches a year past ``known_until``: ``term_covers``)."""
        return term_covers(self.start_date, self.end_date, self.known_until, day)


class Topic(ReferenceTrackedModel):
    """A diplomatic topic of the editable taxonomy; matched through its rules."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    description = models.CharField(max_length=300, blank=True)
    threshold = models.FloatField(
        default=2.0, help_text="An article gets the topic when its rule score reaches this."
    )

    class Meta:
        ordering = ["name", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic_detail", kwargs={"slug": self.slug})


class TopicRule(ReferenceTrackedModel):
    """A phrase that adds weight to a topic, or excludes it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="rules")
    phrase = models.CharField(max_length=200)
    weight = models.FloatField(default=1.0)
    kind = models.CharField(max_length=8, choices=RuleKind.choices, default=RuleKind.INCLUDE)

    history = HistoricalRecords(excluded_fields=["ref_fingerprint", "created_at", "updated_at"])

    class Meta:
        ordering = ["topic__name", "kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "phrase", "kind"], name="topicrule_unique"),
        ]

    def __str__(self):
        return f"{self.phrase} ({self.kind}, {self.weight:g})"
