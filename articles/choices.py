"""Enumerations shared by models, services and pages."""

from django.db import models


class ArticleStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"


class CountryAliasKind(models.TextChoices):
    NAME = "name", "Name"
    ALTERNATIVE = "alternative", "Alternative name"
    DEMONYM = "demonym", "Demonym"
    CAPITAL = "capital", "Capital (metonym)"
    CITY = "city", "City or place inside"


class OrganisationAliasKind(models.TextChoices):
    NAME = "name", "Name"
    ALTERNATIVE = "alternative", "Alternative name"
    ABBREVIATION = "abbreviation", "Abbreviation"


class OfficialStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    CANDIDATE = "candidate", "Candidate"
    REJECTED = "rejected", "Rejected"


class PostKind(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
    MINISTER = "minister", "Minister"
    DEPUTY_MINISTER = "deputy_minister", "Deputy minister"
    AMBASSADOR = "ambassador", "Ambassador"
    ENVOY = "envoy", "Envoy"
    SPOKESPERSON = "spokesperson", "Spokesperson"
    SECRETARY_GENERAL = "secretary_general", "Secretary-general"
    LEGISLATOR = "legislator", "Legislator"
    MILITARY = "military", "Military commander"
    OFFICIAL = "official", "Official"
    OTHER = "other", "Other"


class Origin(models.TextChoices):
    """Who made a row: the reference data, the automatic extractor or an editor."""

    REFERENCE = "reference", "Reference data"
    AUTOMATIC = "automatic", "Automatic"
    EDITOR = "editor", "Editor"


class CountryMentionStrength(models.TextChoices):
    """How a country was mentioned: directly, or through a place inside it (weaker)."""

    DIRECT = "direct", "Direct"
    PLACE = "place", "Place inside"


class RuleKind(models.TextChoices):
    INCLUDE = "include", "Include"
    EXCLUDE = "exclude", "Exclude"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"
    INTERRUPTED = "interrupted", "Interrupted"


class DigestFrequency(models.TextChoices):
    NONE = "none", "No email"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


class DigestOutcome(models.TextChoices):
    SENT = "sent", "Sent"
    EMPTY = "empty", "Nothing new"
