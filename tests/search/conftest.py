"""Fixtures of the search index tests: a small gazetteer (countries, an official, a topic)."""

from __future__ import annotations

import contextlib

import pytest

from tests.curation.conftest import make_world
from tests.factories import TopicFactory


@pytest.fixture
def gazetteer(db):
    """Jordan and Syria with their aliases, Syria's foreign minister, a sanctions topic."""
    world = make_world()
    sanctions = TopicFactory(slug="sanctions", name="Sanctions", threshold=2.0)
    sanctions.rules.create(phrase="sanctions", weight=2.0)
    return {**world, "sanctions": sanctions}


@pytest.fixture(autouse=True)
def forget_api_allowances():
    """Empty the shared cache after each test: the transactional tests commit the API's
    rate-limit counts, which would otherwise spend later tests' allowance."""
    from django.core.cache import caches

    yield
    with contextlib.suppress(RuntimeError):  # a test without database access: nothing to do
        caches["shared"].clear()
