"""Fixtures for the admin tests: an editor (the "Editors" group), a superuser, a small world."""

from __future__ import annotations

import pytest

from articles.choices import Origin
from articles.models import ArticleCountry, ArticleOfficial
from tests.factories import ArticleFactory, CountryFactory, OfficialFactory, TopicFactory


@pytest.fixture
def world(db):
    """Two countries, an official, a topic and an article mentioning Syria and the official."""
    syria = CountryFactory(iso2="SY", name="Syria")
    france = CountryFactory(iso2="FR", name="France")
    official = OfficialFactory(name="Walid Mouallem")
    topic = TopicFactory(name="Sanctions")
    article = ArticleFactory(
        title="Syria talks resume",
        body="Syrian and French diplomats met. Walid Mouallem spoke first.",
    )
    body_start = len(article.title) + 2
    mention = ArticleCountry.objects.create(
        article=article,
        country=syria,
        count=1,
        first_offset=body_start,
        evidence=[{"text": "Syrian", "start": body_start, "field": "body", "rule": "demonym"}],
        origin=Origin.AUTOMATIC,
    )
    ArticleOfficial.objects.create(
        article=article, official=official, raw_name="Walid Mouallem", origin=Origin.AUTOMATIC
    )
    return {
        "syria": syria,
        "france": france,
        "official": official,
        "topic": topic,
        "article": article,
        "syria_mention": mention,
    }
