"""What the API answers: docs/architecture.md's field names, read from the selectors' rows."""

from __future__ import annotations

from rest_framework import serializers

from articles.choices import OfficialStatus


def _related_key(source: str, help_text: str) -> serializers.CharField:
    """An optional related object's key (its slug or ISO code): null when there is none."""
    return serializers.CharField(source=source, allow_null=True, default=None, help_text=help_text)


class ArticleOfficialSerializer(serializers.Serializer):
    """An official an article mentions, with the post held on the article's date."""

    slug = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField(
        allow_null=True,
        help_text="The post held on the article's date, e.g. “Foreign Minister, Syria”.",
    )
    status = serializers.ChoiceField(
        choices=[OfficialStatus.CONFIRMED, OfficialStatus.CANDIDATE],
        help_text="`candidate`: found by the extractor, not yet confirmed by an editor.",
    )


class ArticleSerializer(serializers.Serializer):
    """An article in a list (``article_rows`` dicts)."""

    id = serializers.IntegerField()
    url = serializers.CharField(
        allow_null=True,
        help_text=(
            "The article's original address, as imported. Only an http(s) value is safe "
            "to link; any other (javascript:, data:…) is data, not a link."
        ),
    )
    external_id = serializers.CharField(help_text="The file name or the record's id on import.")
    title = serializers.CharField()
    source = serializers.CharField(source="source_slug", help_text="The outlet's slug.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="Null: undated.")
    countries = serializers.ListField(
        child=serializers.CharField(), source="country_list", help_text="ISO alpha-2, upper-case."
    )
    focus_countries = serializers.ListField(
        child=serializers.CharField(),
        source="focus_country_list",
        help_text="The countries the article is about (title, lede or dominant in the body).",
    )
    officials = ArticleOfficialSerializer(many=True, source="official_list")
    organizations = serializers.ListField(
        child=serializers.CharField(), source="organization_list", help_text="Slugs."
    )
    topics = serializers.ListField(
        child=serializers.CharField(), source="topic_list", help_text="Slugs."
    )
    lede = serializers.CharField(
        help_text="The standfirst as published (empty when the article has none)."
    )
    body = serializers.CharField(
        required=False,
        help_text="The cleaned text: only with `fields=body` (the article's own endpoint "
        "always has it).",
    )


class ArticleDetailSerializer(ArticleSerializer):
    """One article, with its cleaned body and its correction notices."""

    body = serializers.CharField(help_text="The cleaned text.")
    corrections = serializers.CharField(
        help_text="Editors' correction notices, kept out of the body and never tagged; "
        "several are separated by a blank line. Empty when there are none."
    )


class FacetItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The filter parameter's value for this entity.")
    name = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField(help_text="Already one of the filter's values.")


class FacetsSerializer(serializers.Serializer):
    """Exact counts per entity over every match (the size of the list each entry narrows to)."""

    country = FacetItemSerializer(many=True)
    official = FacetItemSerializer(many=True)
    organization = FacetItemSerializer(many=True)
    topic = FacetItemSerializer(many=True)
    source = FacetItemSerializer(many=True)
    total = serializers.IntegerField(help_text="The exact number of matches.")
    capped = serializers.BooleanField(
        help_text="Always false: every count is exact (kept for clients of earlier versions)."
    )
    cap = serializers.IntegerField(
        allow_null=True, help_text="Always null (kept for clients of earlier versions)."
    )


class TimelinePointSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The first day of the period.")
    count = serializers.IntegerField()


class TimelineSerializer(serializers.Serializer):
    interval = serializers.ChoiceField(choices=["day", "week", "month"])
    series = TimelinePointSerializer(many=True)
    truncated = serializers.BooleanField(help_text="True when the series was cut at its end.")


class CountrySerializer(serializers.Serializer):
    iso2 = serializers.CharField(help_text="ISO 3166-1 alpha-2, upper-case.")
    iso3 = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    region = serializers.CharField()
    subregion = serializers.CharField()


class OrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()


class SourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()
    publisher_country = _related_key(
        "publisher_country.iso2", "The publisher's country, ISO alpha-2 upper-case, or null."
    )


class TopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    parent = _related_key("parent.slug", "The parent topic's slug.")
    description = serializers.CharField()


class AppointmentSerializer(serializers.Serializer):
    post = serializers.CharField()
    post_kind = serializers.CharField()
    country = _related_key("country.iso2", "ISO alpha-2.")
    organization = _related_key("organisation.slug", "Slug.")
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    known_until = serializers.DateField(
        allow_null=True,
        help_text="With no end date: the last date a source shows the post held (null when "
        "nothing dates it). The post is not taken as held beyond a year past it.",
    )


class OfficialSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=[OfficialStatus.CONFIRMED, OfficialStatus.CANDIDATE])
    nationality = _related_key("nationality.iso2", "ISO alpha-2.")
    appointments = AppointmentSerializer(many=True, source="appointments.all")


class ComparePointSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The first day of the period.")
    end = serializers.DateField(help_text="The last day of the period.")
    count = serializers.IntegerField(
        help_text=(
            "Exact: what the series' own list counts with date_from and date_to set to the "
            "period (cut to the series' own dates)."
        )
    )
    base = serializers.IntegerField(
        help_text="The base's count in the same dates (default: all published articles, "
        "one per story)."
    )
    in_base = serializers.IntegerField(
        help_text="Of the base's count, the articles the series matches too (both list "
        "states), counted as the base counts: stories, or every copy when the base lists "
        "copies (a source filter, copies=all)."
    )
    share = serializers.FloatField(
        allow_null=True, help_text="in_base / base (at most 1); null when the base is 0."
    )


class CompareSeriesSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="The series' canonical list state (query string).")
    label = serializers.CharField()
    total = serializers.IntegerField(
        help_text="What the series' list counts over all dates, undated articles included."
    )
    undated = serializers.IntegerField(help_text="Of the total, articles with no date.")
    points = ComparePointSerializer(many=True)


class CompareSerializer(serializers.Serializer):
    interval = serializers.ChoiceField(choices=["day", "week", "month", "year"])
    base = serializers.CharField(
        help_text="The base's list state; empty: all published articles, one per story."
    )
    series = CompareSeriesSerializer(many=True)
