"""The bench_pages corpus generator makes the shape of the real corpus (no database, no timing)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import timedelta

import pytest

from bench.corpus import (
    COMMON_WORD,
    HOT_COUNTRIES,
    POST_WEIGHT,
    START,
    ArticleSpec,
    Reference,
    corpus_shape,
    generate_articles,
)

N = 5_000


def _reference(seed: int = 99) -> Reference:
    """Return reference rows the size of the loaded ones: 250 countries, ~19k officials."""
    rng = random.Random(seed)
    isos = HOT_COUNTRIES + [f"Q{i}" for i in range(250 - len(HOT_COUNTRIES))]
    countries = [(pk, iso, f"Country {iso}") for pk, iso in enumerate(isos, start=1)]
    # One official in five holds a senior post, as in the reference data's mix of posts.
    posts = list(POST_WEIGHT.values()) + [1.0] * 12
    officials = [
        (10_000 + i, f"Official {i}", rng.randint(1, len(countries)), rng.choice(posts))
        for i in range(19_000)
    ]
    return Reference(
        countries=countries,
        officials=officials,
        organisations=list(range(1, 59)),
        topics=list(range(1, 26)),
        sources=list(range(1, 41)),
    )


@pytest.fixture(scope="module")
def reference() -> Reference:
    return _reference()


@pytest.fixture(scope="module")
def specs(reference) -> list[ArticleSpec]:
    return list(generate_articles(random.Random(5), N, reference))


@pytest.fixture(scope="module")
def shape(specs):
    return corpus_shape(specs)


def test_ids_run_from_one_to_n_in_order(specs):
    assert [s.pk for s in specs] == list(range(1, N + 1))


def test_same_seed_same_corpus(reference, specs):
    # A shorter run ends its groups sooner; the articles before its last ~70 are the same.
    again = list(generate_articles(random.Random(5), 200, reference))
    assert [(s.title, s.body, s.published_at) for s in again[:100]] == [
        (s.title, s.body, s.published_at) for s in specs[:100]
    ]


def test_busiest_country_is_in_15_to_20_percent(shape):
    assert 0.15 <= shape.busiest_share <= 0.20


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_busiest_country_share_holds_for_other_seeds(reference, seed):
    shape = corpus_shape(generate_articles(random.Random(seed), N, reference))
    assert 0.15 <= shape.busiest_share <= 0.20


def test_several_countries_per_article(specs, shape):
    assert 2.5 <= shape.mean_countries <= 3.5
    per_article = Counter(len(s.countries) for s in specs)
    assert sum(per_article[k] for k in range(2, 7)) / N >= 0.8
    assert max(per_article) <= 6


def test_the_busiest_country_is_a_popular_one(specs, reference):
    counts = Counter(cid for s in specs for cid, _, _ in s.countries)
    busiest = counts.most_common(1)[0][0]
    iso = {pk: iso for pk, iso, _ in reference.countries}
    assert iso[busiest] in HOT_COUNTRIES[:3]


def test_officials_have_a_long_tail(specs, shape):
    assert all(0 <= len(s.officials) <= 5 for s in specs)
    counts = Counter(o[0] for s in specs for o in s.officials)
    assert shape.officials_named >= 1_000
    # A head with hundreds of mentions, and most officials named once.
    assert counts.most_common(1)[0][1] >= 100
    assert sum(1 for n in counts.values() if n == 1) / len(counts) >= 0.5


def test_heads_of_busy_countries_are_named_most(specs, reference):
    counts = Counter(o[0] for s in specs for o in s.officials)
    post = {o[0]: o[3] for o in reference.officials}
    senior = [
        pk for pk, _ in counts.most_common(20) if post[pk] >= POST_WEIGHT["secretary_general"]
    ]
    assert len(senior) >= 10  # of the 20 most named; one official in five is senior
    nationality = {o[0]: o[2] for o in reference.officials}
    per_country = Counter(o[2] for o in reference.officials)
    busy = {1, 2, 3, 4, 5}  # the first hot countries' ids
    tail = {pk for pk in per_country if pk > 50}

    def mean_mentions(countries: set[int]) -> float:
        named = sum(n for pk, n in counts.items() if nationality[pk] in countries)
        return named / sum(per_country[c] for c in countries)

    assert mean_mentions(busy) >= 3 * mean_mentions(tail)


def test_topics_and_organisations_several_per_article(specs):
    assert sum(len(s.topics) for s in specs) / N >= 1.8
    assert sum(len(s.organisations) for s in specs) / N >= 1.2
    focused = sum(f for s in specs for _, f, _ in s.countries)
    assert 0.1 <= focused / sum(len(s.countries) for s in specs) <= 0.6


def test_bursts(shape):
    # The busiest weeks (events) carry at least five times the median week.
    assert shape.peak_week_ratio >= 5
    assert max(shape.week_counts) >= 5 * sorted(shape.week_counts)[len(shape.week_counts) // 2]
    assert shape.top_weeks_share >= 0.25  # the busiest tenth of weeks: far above 10%


def test_near_duplicate_share(shape):
    assert 0.05 <= shape.copies_share <= 0.10
    assert 0.05 <= shape.grouped_share <= 0.10


def test_near_duplicate_groups_are_well_formed(specs):
    groups: dict[int, list[ArticleSpec]] = {}
    for spec in specs:
        if spec.group is not None:
            groups.setdefault(spec.group, []).append(spec)
        else:
            assert spec.is_lead
    for members in groups.values():
        lead, *copies = members
        assert lead.is_lead and copies, "one lead first, then at least one copy"
        assert not any(c.is_lead for c in copies)
        for copy in copies:
            assert copy.source != lead.source
            assert lead.published_at <= copy.published_at <= lead.published_at + timedelta(days=2)
            assert copy.title == lead.title and copy.body != lead.body
            assert copy.countries == lead.countries and copy.officials == lead.officials


def test_a_common_word_and_rarer_ones(specs, shape):
    assert shape.common_word_share >= 0.20

    def share(word: str) -> float:
        pattern = re.compile(rf"\b{word}\b", re.IGNORECASE)
        return sum(bool(pattern.search(f"{s.title} {s.lede} {s.body}")) for s in specs) / N

    assert 0.02 <= share("ceasefire") <= 0.10
    assert share("referendum") < 0.01


def test_dates_span_the_years(specs):
    dated = [s.published_at for s in specs if s.published_at]
    assert 0.95 <= len(dated) / N < 1
    assert min(dated) >= START
    assert {d.year for d in dated} >= set(range(2010, 2025))


@pytest.mark.parametrize(
    ("name", "articles", "expected"),
    [
        (
            "one country in two of four articles, two copies in one group",
            [
                {"countries": [7], "group": 1},
                {"countries": [7, 8], "group": 1, "is_lead": False},
                {"countries": [8], "group": None},
                {"countries": [], "group": None},
            ],
            {
                "busiest_share": 0.5,
                "pair_share": 0.25,
                "mean_countries": 1.0,
                "copies_share": 0.25,
                "grouped_share": 0.5,
            },
        ),
    ],
)
def test_corpus_shape_measures(name, articles, expected):
    def spec(pk, countries, group, is_lead=True):
        return ArticleSpec(
            pk=pk,
            source=1,
            published_at=START,
            title=f"{COMMON_WORD} title",
            lede="",
            body="",
            dateline="",
            status="published",
            countries=[(c, False, 1) for c in countries],
            officials=[],
            organisations=[],
            topics=[],
            group=group,
            is_lead=is_lead,
        )

    shape = corpus_shape(spec(pk, **a) for pk, a in enumerate(articles, start=1))
    for field, value in expected.items():
        assert getattr(shape, field) == pytest.approx(value), (name, field)
    assert shape.common_word_share == 1.0
