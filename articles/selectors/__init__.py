"""Reads: base querysets and composed queries used by pages, the API and commands."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Appointment,
    Article,
    Country,
    Official,
    Organisation,
    Source,
    Topic,
)

# Grouping code (imports, regrouping) asks which articles editors kept apart.
from .stories import articles_kept_apart as articles_kept_apart


def article_public_queryset() -> QuerySet[Article]:
    """Return the articles the public may see, with what list rows display."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related("source")


def official_public_queryset() -> QuerySet[Official]:
    """Return the officials the public may see (confirmed or candidate, not merged away),
    with their nationality and their posts (oldest first) loaded."""
    appointments = Appointment.objects.select_related("country", "organisation").order_by(
        "start_date", "id"
    )
    return (
        Official.objects.filter(
            merged_into__isnull=True,
            status__in=[OfficialStatus.CONFIRMED, OfficialStatus.CANDIDATE],
        )
        .select_related("nationality")
        .prefetch_related(Prefetch("appointments", queryset=appointments))
    )


def corpus_counts() -> dict[str, int]:
    """Return how much is loaded: articles, sources, countries, officials, organisations, topics."""
    return {
        "articles": article_public_queryset().count(),
        "sources": Source.objects.count(),
        "countries": Country.objects.count(),
        "officials": Official.objects.filter(status=OfficialStatus.CONFIRMED).count(),
        "organisations": Organisation.objects.count(),
        "topics": Topic.objects.count(),
    }


def gazetteer_snapshot():
    """Return the extraction gazetteer as plain data: what editors have made of the tables.

    Blocked aliases are left out; rejected officials are left out as people and kept as
    name keys, so the extractor never proposes them again.
    """
    from articles.extract import types as extract_types
    from articles.extract.normalize import name_key
    from articles.models import (
        CountryAlias,
        OfficialAlias,
        OrganisationAlias,
        TopicRule,
    )

    countries = {c.pk: c for c in Country.objects.only("iso2", "name")}
    organisations = {o.pk: o for o in Organisation.objects.only("slug", "name", "abbreviation")}
    aliases_by_official: dict[int, list[str]] = defaultdict(list)
    for official_id, alias in OfficialAlias.objects.filter(blocked=False).values_list(
        "official_id", "alias"
    ):
        aliases_by_official[official_id].append(alias)
    appointments_by_official: dict[int, list] = defaultdict(list)
    for a in Appointment.objects.values(
        "id",
        "official_id",
        "post",
        "post_kind",
        "country_id",
        "organisation_id",
        "start_date",
        "end_date",
        "known_until",
    ).order_by("official_id", "start_date", "id"):
        appointments_by_official[a["official_id"]].append(
            extract_types.AppointmentEntry(
                id=a["id"],
                post=a["post"],
                post_kind=a["post_kind"],
                country=countries[a["country_id"]].iso2 if a["country_id"] else None,
                organisation=organisations[a["organisation_id"]].slug
                if a["organisation_id"]
                else None,
                start=a["start_date"],
                end=a["end_date"],
                known_until=a["known_until"],
            )
        )
    officials, rejected = [], set()
    for o in Official.objects.filter(merged_into__isnull=True).values(
        "id", "name", "nationality_id", "status"
    ):
        if o["status"] == OfficialStatus.REJECTED:
            rejected.add(name_key(o["name"]))
            rejected.update(name_key(a) for a in aliases_by_official.get(o["id"], ()))
            continue
        officials.append(
            extract_types.OfficialEntry(
                id=o["id"],
                name=o["name"],
                aliases=tuple(dict.fromkeys([o["name"], *aliases_by_official.get(o["id"], ())])),
                nationality=countries[o["nationality_id"]].iso2 if o["nationality_id"] else None,
                appointments=tuple(appointments_by_official.get(o["id"], ())),
                status=o["status"],
            )
        )
    rules_by_topic: dict[int, list] = defaultdict(list)
    for r in TopicRule.objects.values("topic_id", "phrase", "weight", "kind"):
        rules_by_topic[r["topic_id"]].append(
            extract_types.TopicRuleEntry(r["phrase"], r["weight"], r["kind"])
        )
    return extract_types.Gazetteer(
        countries=tuple(
            extract_types.CountryEntry(c.pk, c.iso2, c.name) for c in countries.values()
        ),
        country_aliases=tuple(
            extract_types.AliasEntry(a, cid, kind, amb)
            for cid, a, kind, amb in CountryAlias.objects.filter(blocked=False).values_list(
                "country_id", "alias", "kind", "ambiguous"
            )
        ),
        organisations=tuple(
            extract_types.OrganisationEntry(o.pk, o.slug, o.name, o.abbreviation)
            for o in organisations.values()
        ),
        organisation_aliases=tuple(
            extract_types.AliasEntry(a, oid, kind, amb)
            for oid, a, kind, amb in OrganisationAlias.objects.filter(blocked=False).values_list(
                "organisation_id", "alias", "kind", "ambiguous"
            )
        ),
        officials=tuple(officials),
        topics=tuple(
            extract_types.TopicEntry(t.pk, t.slug, t.threshold, tuple(rules_by_topic.get(t.pk, ())))
            for t in Topic.objects.all()
        ),
        rejected_names=frozenset(rejected),
    )


def import_warnings(*, run_id: int, limit: int | None = None):
    """Return an import run's warnings in the order they were noticed (the first ``limit``)."""
    from articles.models import RecordWarning

    warnings = RecordWarning.objects.filter(import_run_id=run_id).order_by("id")
    return list(warnings[:limit] if limit is not None else warnings)
