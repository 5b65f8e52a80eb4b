"""factory_boy factories for the data model."""

from __future__ import annotations

import hashlib

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
