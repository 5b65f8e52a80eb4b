"""factory_boy factories for the data model."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import factory
from django.utils import timezone

from articles import models
from articles.choices import CountryAliasKind


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    iso3 = factory.LazyAttribute(lambda o: f"{o.iso2}X")
    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    region = "Asia"


class CountryAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CountryAlias

    country = factory.SubFactory(CountryFactory)
    alias = factory.Sequence(lambda n: f"Alias {n}")
    kind = CountryAliasKind.NAME


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Official

    name = factory.Sequence(lambda n: f"Official Person {n}")
    slug = factory.Sequence(lambda n: f"official-person-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appointment

    official = factory.SubFactory(OfficialFactory)
    post = "Foreign Minister"
    post_kind = "foreign_minister"
    country = factory.SubFactory(CountryFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Talks resume in Geneva, round {n}")
    body = factory.Sequence(lambda n: f"Diplomats met again on day {n} of the talks.")
    raw_text = factory.LazyAttribute(lambda o: f"{o.title}\n\n{o.body}")
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.body.encode()).hexdigest())
    published_at = factory.LazyFunction(timezone.now)


# --- mentions: an entity found in an article, its date copied as the import's writer does ---


class _MentionFactory(factory.django.DjangoModelFactory):
    article = factory.SubFactory(ArticleFactory)
    published_at = factory.SelfAttribute("article.published_at")
    is_focus = False
    suppressed = False


class ArticleCountryFactory(_MentionFactory):
    class Meta:
        model = models.ArticleCountry

    country = factory.SubFactory(CountryFactory)


class ArticleOfficialFactory(_MentionFactory):
    class Meta:
        model = models.ArticleOfficial

    official = factory.SubFactory(OfficialFactory)
    raw_name = factory.LazyAttribute(lambda o: o.official.name)


class ArticleOrganisationFactory(_MentionFactory):
    class Meta:
        model = models.ArticleOrganisation

    organisation = factory.SubFactory(OrganisationFactory)


class ArticleTopicFactory(_MentionFactory):
    class Meta:
        model = models.ArticleTopic

    topic = factory.SubFactory(TopicFactory)


def list_world() -> dict:
    """Return the small gazetteer the list, filter and API tests tag their articles with.

    Syria, Russia and France; Sergey Lavrov; the United Nations (UN); the Sanctions topic;
    two outlets, The Ledger and The Wire. Keyed by short names (``"sy"``, ``"lavrov"``…) to
    which a test adds its own entities and articles.
    """
    return {
        "sy": CountryFactory(iso2="SY", name="Syria", slug="syria"),
        "ru": CountryFactory(iso2="RU", name="Russia", slug="russia"),
        "fr": CountryFactory(iso2="FR", name="France", slug="france"),
        "lavrov": OfficialFactory(name="Sergey Lavrov", slug="sergey-lavrov"),
        "un": OrganisationFactory(slug="un", name="United Nations", abbreviation="UN"),
        "sanctions": TopicFactory(slug="sanctions", name="Sanctions"),
        "ledger": SourceFactory(slug="ledger", name="The Ledger"),
        "wire": SourceFactory(slug="wire", name="The Wire"),
    }


def make_story(n: int) -> tuple[models.NearDuplicateGroup, list[models.Article]]:
    """Return a story of ``n`` articles, the first (lowest id) leading, as imports make it."""
    members = [ArticleFactory() for _ in range(n)]
    group = models.NearDuplicateGroup.objects.create(lead=members[0], size=n)
    articles = models.Article.objects
    articles.filter(pk__in=[a.pk for a in members]).update(duplicate_group=group)
    articles.filter(pk__in=[a.pk for a in members[1:]]).update(is_story_lead=False)
    return group, [articles.get(pk=a.pk) for a in members]


MENTION_FACTORIES = {
    models.Country: (ArticleCountryFactory, "country"),
    models.Official: (ArticleOfficialFactory, "official"),
    models.Organisation: (ArticleOrganisationFactory, "organisation"),
    models.Topic: (ArticleTopicFactory, "topic"),
}


def tag(article, *entities, focus=False, suppressed=False):
    """Add mentions of ``entities`` to ``article`` (the date copied, as the writer does)."""
    for entity in entities:
        mention_factory, field = MENTION_FACTORIES[type(entity)._meta.concrete_model]
        mention_factory(article=article, is_focus=focus, suppressed=suppressed, **{field: entity})
    return article


def at(day: int, month: int = 3, year: int = 2014) -> datetime:
    """Return noon UTC on that day (March 2014 unless told): a publication date for tests."""
    return datetime(year, month, day, 12, tzinfo=UTC)


def load_test_corpus(n: int, title: str) -> None:
    """Make ``n`` articles titled ``title`` + a number, tagged with one to three of three
    countries, a topic and a confirmed official, and index them: what the load tests serve."""
    from articles.models import ArticleCountry, ArticleOfficial, ArticleTopic
    from articles.search.indexing import sync

    countries = [CountryFactory(iso2=c, name=f"Land {c}") for c in ("FR", "DE", "IT")]
    topic = TopicFactory()
    official = OfficialFactory(status="confirmed")
    for i in range(n):
        article = ArticleFactory(title=f"{title} {i}")
        for country in countries[: 1 + i % 3]:
            ArticleCountry.objects.create(
                article=article, country=country, published_at=article.published_at
            )
        ArticleTopic.objects.create(
            article=article, topic=topic, score=2.0, published_at=article.published_at
        )
        ArticleOfficial.objects.create(
            article=article, official=official, published_at=article.published_at
        )
    sync()
