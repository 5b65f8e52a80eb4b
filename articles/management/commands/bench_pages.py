"""Build a synthetic corpus in its own database and time the public pages on it.

The corpus is shaped like the real one rather than flattering the code: a Zipf country
distribution whose busiest country is in 15-20% of the articles, about three countries an
article, long-tail officials (the heads of busy countries most often), several topics and
organisations, event weeks at 5-20x the base rate, near-duplicate copies of stories at
other outlets, and a common search word in about a third of the bodies.
``generate_articles`` makes it without a database, so its shape is tested on its own
(tests/commands/test_bench_pages_generator.py); the command writes it with COPY.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import itertools
import os
import random
import re
import shutil
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from articles.search import engine as search_engine
from articles.search.indexing import rebuild_index

BENCH_DATABASE = "newsroom_bench_pages"
START = datetime(2010, 1, 1, tzinfo=UTC)
WEEKS = 782  # 15 years
BATCH = 10_000

# A diplomatic vocabulary for titles, ledes and bodies.
_VOCABULARY = """
talks ceasefire sanctions minister foreign summit agreement treaty nuclear embassy
ambassador envoy council resolution vote veto security peace troops border refugees aid
humanitarian crisis election protest government president prime spokesman statement
meeting visit delegation negotiations deal programme weapons chemical inspection
withdrawal military strike attack rebels opposition coalition alliance trade tariffs
energy gas oil pipeline climate conference report investigation court justice human
rights violations accused denied condemned welcomed urged called warned said according
officials sources capital city region province north south east west week month year
monday tuesday wednesday thursday friday saturday sunday morning evening late early
economic economy growth debt loan bank fund development investment markets exports
imports maritime navy coast island dispute territory sovereignty independence
referendum constitution parliament opposition leader party campaign ballot results
"""
_SYLLABLES = "ka ro mi ta se lu vo ni pe da ri zo me ha tu ba lo fi ne gu"
WORDS = _VOCABULARY.split()
SYLLABLES = _SYLLABLES.split()
HOT_COUNTRIES = ["US", "RU", "CN", "SY", "IR", "UA", "IL", "GB", "FR", "DE", "TR", "KP"]

# Search words at set shares of the bodies (they appear nowhere else but in the titles
# of articles whose body has them): one common, the rest rarer.
COMMON_WORD = "talks"
SEARCH_WORDS = {
    COMMON_WORD: 0.30,
    "sanctions": 0.12,
    "ceasefire": 0.06,
    "nuclear": 0.04,
    "embassy": 0.03,
    "refugees": 0.02,
    "pipeline": 0.01,
    "referendum": 0.004,
}

# How many entities an article names: {how many: weight}.
COUNTRIES_PER_ARTICLE = {0: 3, 1: 7, 2: 27, 3: 28, 4: 18, 5: 10, 6: 7}  # mean ~3.1
OFFICIALS_PER_ARTICLE = {0: 25, 1: 25, 2: 20, 3: 15, 4: 10, 5: 5}
ORGANISATIONS_PER_ARTICLE = {0: 20, 1: 30, 2: 25, 3: 15, 4: 10}
TOPICS_PER_ARTICLE = {1: 30, 2: 35, 3: 25, 4: 10}
COPIES_PER_GROUP = {1: 20, 2: 25, 3: 25, 4: 15, 5: 10, 6: 5}  # mean 2.85

# Zipf exponents. The country one is flat enough that three draws an article put the
# busiest country in ~17% of the articles (events included).
COUNTRY_ZIPF = 0.70
# Officials: the most named is in ~5% of the articles, most are named once or twice.
OFFICIAL_ZIPF = 0.9
OFFICIAL_IN_COUNTRY_ZIPF = 1.1  # officials of one country: its heads first
ORGANISATION_ZIPF = 1.2
TOPIC_ZIPF = 0.8
SOURCE_ZIPF = 0.7
SOURCES = 40

# How much more often an official holding a post is named than a minor one.
POST_WEIGHT = {
    "head_of_state": 10.0,
    "head_of_government": 8.0,
    "foreign_minister": 6.0,
    "secretary_general": 5.0,
    "minister": 2.0,
    "spokesperson": 2.0,
    "envoy": 1.5,
    "ambassador": 1.5,
}

EVENT_COUNTRIES = 25  # an event is about one of the busiest countries after the first
EVENTS = 24  # weeks of events over the 15 years, each followed by a shoulder week
EVENT_PEAK = (5.0, 20.0)  # an event week carries this many times the base rate
UNDATED_SHARE = 0.02
HIDDEN_SHARE = 0.01
COPY_SHARE = 0.063  # articles that are a copy of another (a group's non-lead members)
COPY_WINDOW = 60  # a copy follows its lead within this many article ids
TOP_WEEKS = 0.10  # "busiest weeks": this share of all weeks

Mention = tuple[int, bool, int]  # entity id, is_focus, count


@dataclass(frozen=True)
class Reference:
    """The rows a synthetic corpus draws from: the loaded reference data and the sources."""

    countries: list[tuple[int, str, str]]  # id, ISO alpha-2, name
    officials: list[tuple[int, str, int | None, float]]  # id, name, nationality id, post weight
    organisations: list[int]
    topics: list[int]
    sources: list[int]


@dataclass
class ArticleSpec:
    """One synthetic article: its text, date, outlet, mentions and near-duplicate group."""

    pk: int
    source: int
    published_at: datetime | None
    title: str
    lede: str
    body: str
    dateline: str
    status: str
    countries: list[Mention]
    officials: list[tuple[int, str, bool, int]]  # id, name as written, is_focus, count
    organisations: list[Mention]
    topics: list[tuple[int, bool, float]]  # id, is_focus, score
    group: int | None = None
    is_lead: bool = True


@dataclass
class _Event:
    countries: list[tuple[int, str, str]]
    officials: list[tuple[int, str, int | None, float]]


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    """Return cumulative Zipf weights (passed as ``cum_weights``: choices() then skips summing)."""
    return list(itertools.accumulate(1 / (rank**s) for rank in range(1, n + 1)))


def _pick(rng: random.Random, weights: dict[int, float]) -> int:
    """Return one key of ``weights``, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _mean(weights: dict[int, float]) -> float:
    return sum(k * w for k, w in weights.items()) / sum(weights.values())


def generate_articles(rng: random.Random, n: int, reference: Reference) -> Iterator[ArticleSpec]:
    """Yield ``n`` article specs shaped like the real corpus, ids 1..n; no database.

    Copies come a few ids after their lead (the lead is the earliest member, as the
    importer makes it) and every copy is yielded before the end, so no group is cut.
    """
    world = _World(rng, reference)
    # Leads needed for COPY_SHARE copies: copies = leads x mean copies, leads are dated.
    lead_rate = COPY_SHARE / ((1 - COPY_SHARE) * (1 - UNDATED_SHARE) * _mean(COPIES_PER_GROUP))
    pending: list[tuple[int, int, ArticleSpec]] = []  # (due id, tie-break, lead)
    order = itertools.count()
    groups = 0
    # Leads come at the rate's spacing (from a random start) rather than by a coin each:
    # the share of copies then varies only with the group sizes, not with the coins too.
    credit = rng.random()
    for pk in range(1, n + 1):
        remaining = n - pk + 1
        if pending and (pending[0][0] <= pk or len(pending) >= remaining):
            yield world.copy(pk, heapq.heappop(pending)[2])
            continue
        spec = world.article(pk)
        if spec.published_at and remaining > COPY_WINDOW + 10:
            credit += lead_rate
        if credit >= 1 and spec.published_at and remaining > COPY_WINDOW + 10:
            credit -= 1
            groups += 1
            spec.group = groups
            for _ in range(_pick(rng, COPIES_PER_GROUP)):
                heapq.heappush(pending, (pk + rng.randint(1, COPY_WINDOW), next(order), spec))
        yield spec


class _World:
    """The draws behind ``generate_articles``: weights, events and text, from one rng."""

    def __init__(self, rng: random.Random, reference: Reference):
        self.rng = rng
        # Popular countries first, the rest in a shuffled long tail.
        by_iso = {c[1]: c for c in reference.countries}
        tail = [c for c in reference.countries if c[1] not in HOT_COUNTRIES]
        rng.shuffle(tail)
        self.countries = [by_iso[iso] for iso in HOT_COUNTRIES if iso in by_iso] + tail
        self.country_w = _zipf_weights(len(self.countries), COUNTRY_ZIPF)
        popularity = {
            c[0]: 1 / rank**COUNTRY_ZIPF for rank, c in enumerate(self.countries, start=1)
        }
        # Officials ranked by how popular their country is and how senior their post,
        # with a random spread, then drawn Zipf over that rank: a long tail.
        least = min(popularity.values(), default=1.0)
        scored = [
            (popularity.get(o[2], least) * o[3] * rng.lognormvariate(0, 1), o)
            for o in reference.officials
        ]
        scored.sort(key=lambda pair: -pair[0])
        self.officials = [o for _, o in scored]
        self.official_w = _zipf_weights(len(self.officials), OFFICIAL_ZIPF)
        self.by_country: dict[int, list] = {}
        for o in sorted(self.officials, key=lambda o: -o[3]):  # stable: seniors first
            if o[2] is not None:
                self.by_country.setdefault(o[2], []).append(o)
        self._in_country_w: dict[int, list[float]] = {}
        self.organisations = reference.organisations
        self.organisation_w = _zipf_weights(len(self.organisations), ORGANISATION_ZIPF)
        self.topics = reference.topics
        self.topic_w = _zipf_weights(len(self.topics), TOPIC_ZIPF)
        self.sources = reference.sources
        self.source_w = _zipf_weights(len(self.sources), SOURCE_ZIPF)
        plain = [w for w in WORDS if w not in SEARCH_WORDS]
        self.plain = plain
        self.filler = plain + [
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(3000)
        ]
        rng.shuffle(self.filler)
        self.filler_w = _zipf_weights(len(self.filler), 1.0)
        self._timeline()

    def _timeline(self) -> None:
        """Weight the weeks: coverage grows over the years; events multiply a few weeks."""
        rng = self.rng
        base = [0.5 + week / WEEKS for week in range(WEEKS)]
        weights = list(base)
        self.events: dict[int, tuple[_Event, float]] = {}  # week -> event, its share there
        for _ in range(EVENTS):
            week, peak = rng.randrange(WEEKS), rng.uniform(*EVENT_PEAK)
            event = self._event()
            for offset, factor in ((0, peak), (1, 1 + peak / 3)):  # the peak, then a shoulder
                at = week + offset
                if at < WEEKS and at not in self.events:
                    weights[at] = base[at] * factor
                    self.events[at] = (event, 1 - 1 / factor)
        self.week_w = list(itertools.accumulate(weights))

    def _event(self) -> _Event:
        """Return an event: one or two busy countries, their heads, maybe an envoy.

        The event's own country is one of the busy ones after the busiest, so the busiest
        country's share is set by the Zipf draws, not by how many events it happened to
        get (which would swing it by several points from one seed to the next); it still
        comes into some events as the second party.
        """
        rng = self.rng
        busy = self.countries[: EVENT_COUNTRIES + 1]
        subject = busy[1:] or busy
        country = subject[rng.randrange(len(subject))]
        countries: dict[int, tuple] = {country[0]: country}
        if rng.random() < 2 / 3:  # and a second party, any busy country
            partner = busy[rng.randrange(len(busy))]
            countries.setdefault(partner[0], partner)
        officials = []
        for cid in countries:
            if cid in self.by_country:
                officials.append(self._official_of(cid))
        if self.officials and rng.random() < 0.5:
            officials.append(self.officials[rng.randrange(len(self.officials))])
        return _Event(list(countries.values()), officials)

    def _fill(self, chosen: dict, items: list, cum_weights: list[float], k: int) -> None:
        """Add distinct draws to ``chosen`` (id -> row) until it holds ``k`` (or gives up)."""
        k = min(k, len(items))
        for _ in range(8 * k):
            if len(chosen) >= k:
                return
            item = self.rng.choices(items, cum_weights=cum_weights)[0]
            key = item if isinstance(item, int) else item[0]
            chosen.setdefault(key, item)

    def _official_of(self, country_id: int) -> tuple:
        pool = self.by_country[country_id]
        if len(pool) not in self._in_country_w:
            self._in_country_w[len(pool)] = _zipf_weights(len(pool), OFFICIAL_IN_COUNTRY_ZIPF)
        return self.rng.choices(pool, cum_weights=self._in_country_w[len(pool)])[0]

    def _when(self) -> tuple[datetime | None, _Event | None]:
        rng = self.rng
        if rng.random() < UNDATED_SHARE:
            return None, None
        week = rng.choices(range(WEEKS), cum_weights=self.week_w)[0]
        published = START + timedelta(days=7 * week + rng.random() * 7)
        event, share = self.events.get(week, (None, 0.0))
        return published, (event if rng.random() < share else None)

    def article(self, pk: int) -> ArticleSpec:
        rng = self.rng
        published, event = self._when()
        countries: dict[int, tuple] = {}
        if event:  # an article of the event names its countries, and often its people
            for i, country in enumerate(event.countries):
                if rng.random() < (0.95 if i == 0 else 0.7):
                    countries[country[0]] = country
        k = max(_pick(rng, COUNTRIES_PER_ARTICLE), len(countries))
        self._fill(countries, self.countries, self.country_w, k)
        officials: dict[int, tuple] = {}
        if event:
            for official in event.officials:
                if rng.random() < 0.6:
                    officials[official[0]] = official
        k = max(_pick(rng, OFFICIALS_PER_ARTICLE), len(officials))
        named = [cid for cid in countries if cid in self.by_country]
        for _ in range(4 * k):
            if len(officials) >= k or not self.officials:
                break
            if named and rng.random() < 0.5:  # someone of a country the article names
                official = self._official_of(named[0] if rng.random() < 0.5 else rng.choice(named))
            else:
                official = rng.choices(self.officials, cum_weights=self.official_w)[0]
            officials.setdefault(official[0], official)
        organisations: dict[int, int] = {}
        self._fill(
            organisations,
            self.organisations,
            self.organisation_w,
            _pick(rng, ORGANISATIONS_PER_ARTICLE),
        )
        topics: dict[int, int] = {}
        self._fill(topics, self.topics, self.topic_w, _pick(rng, TOPICS_PER_ARTICLE))

        words = rng.choices(self.filler, cum_weights=self.filler_w, k=rng.randint(80, 160))
        searched = [w for w, share in SEARCH_WORDS.items() if rng.random() < share]
        names = [c[2] for c in countries.values()] + [o[1] for o in officials.values()]
        for word in searched * 2 + names:
            words.insert(rng.randrange(len(words) + 1), word)
        title_words = rng.choices(self.plain, k=rng.randint(4, 8))
        for word in names[:1] + [w for w in searched if rng.random() < 0.3]:
            title_words.insert(rng.randrange(len(title_words) + 1), word)
        return ArticleSpec(
            pk=pk,
            source=rng.choices(self.sources, cum_weights=self.source_w)[0],
            published_at=published,
            title=" ".join(title_words).capitalize(),
            lede=" ".join(rng.choices(self.plain, k=20)).capitalize() + ".",
            body=" ".join(words).capitalize() + ".",
            dateline=rng.choice(["", "", "MOSCOW", "DAMASCUS", "GENEVA", "NEW YORK"]),
            status="hidden" if rng.random() < HIDDEN_SHARE else "published",
            countries=[
                (cid, i < 2 and rng.random() < (0.7 if i == 0 else 0.3), rng.randint(1, 6))
                for i, cid in enumerate(countries)
            ],
            officials=[
                (oid, o[1][:200], i == 0 and rng.random() < 0.5, rng.randint(1, 4))
                for i, (oid, o) in enumerate(officials.items())
            ],
            organisations=[(oid, rng.random() < 0.15, 1) for oid in organisations],
            topics=[
                (tid, i == 0 and rng.random() < 0.4, round(rng.uniform(1.5, 6.0), 2))
                for i, tid in enumerate(topics)
            ],
        )

    def copy(self, pk: int, lead: ArticleSpec) -> ArticleSpec:
        """Return a near-copy of ``lead`` at another outlet, a little later, a few words changed."""
        rng = self.rng
        words = lead.body.split(" ")
        swaps = rng.choices(self.filler, cum_weights=self.filler_w, k=max(1, len(words) // 25))
        for word in swaps:
            words[rng.randrange(len(words))] = word
        others = [s for s in self.sources if s != lead.source] or self.sources
        return ArticleSpec(
            pk=pk,
            source=rng.choice(others),
            published_at=lead.published_at + timedelta(minutes=rng.randint(10, 36 * 60)),
            title=lead.title,
            lede=lead.lede,
            body=" ".join(words),
            dateline=lead.dateline,
            status="hidden" if rng.random() < HIDDEN_SHARE else "published",
            countries=list(lead.countries),
            officials=list(lead.officials),
            organisations=list(lead.organisations),
            topics=list(lead.topics),
            group=lead.group,
            is_lead=False,
        )


# --- the shape of a corpus ---------------------------------------------------------------


@dataclass
class Shape:
    """What makes a corpus realistic or flattering, measured the same on specs and rows."""

    articles: int
    busiest_share: float  # articles naming the busiest country
    pair_share: float  # articles naming both of the two busiest
    mean_countries: float
    officials_named: int  # distinct officials with at least one mention
    top_weeks_share: float  # dated articles in the busiest TOP_WEEKS of the weeks
    peak_week_ratio: float  # the busiest 1% of weeks over the median week
    copies_share: float  # articles that are a group's non-lead copy
    grouped_share: float  # articles in a near-duplicate group (leads and copies)
    common_word_share: float  # articles matching COMMON_WORD
    week_counts: list[int] = field(repr=False, default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Corpus shape ({self.articles:,} articles):",
            f"  busiest country in {self.busiest_share:.1%} of articles; "
            f"the busiest pair together in {self.pair_share:.1%}",
            f"  countries per article: {self.mean_countries:.2f} on average",
            f"  officials with at least one mention: {self.officials_named:,}",
            f"  busiest {TOP_WEEKS:.0%} of weeks hold {self.top_weeks_share:.1%} of dated "
            f"articles; busiest 1% of weeks = {self.peak_week_ratio:.1f}x the median week",
            f"  near-duplicate groups: copies {self.copies_share:.1%}, members (leads and "
            f"copies) {self.grouped_share:.1%}",
            f"  common word '{COMMON_WORD}' in {self.common_word_share:.1%} of articles",
        ]


def _week_of(published: datetime) -> int:
    return min(max((published - START).days // 7, 0), WEEKS - 1)


def _week_stats(counts: Counter) -> tuple[float, float, list[int]]:
    """Return the busiest weeks' share, their peak over the median week, and every week's count."""
    weeks = sorted((counts.get(w, 0) for w in range(WEEKS)), reverse=True)
    dated = sum(weeks) or 1
    top = weeks[: max(1, round(TOP_WEEKS * WEEKS))]
    peak = weeks[: max(1, WEEKS // 100)]
    median = statistics.median(weeks) or 1
    return sum(top) / dated, statistics.mean(peak) / median, weeks


def corpus_shape(specs: Iterable[ArticleSpec]) -> Shape:
    """Return the shape of generated articles (what ``_db_shape`` measures on the rows)."""
    countries, weeks = Counter(), Counter()
    officials: set[int] = set()
    n = mentions = copies = grouped = common = 0
    pattern = re.compile(rf"\b{COMMON_WORD}\b", re.IGNORECASE)
    per_article = []
    for spec in specs:
        n += 1
        ids = [c[0] for c in spec.countries]
        per_article.append(ids)
        countries.update(ids)
        mentions += len(ids)
        officials.update(o[0] for o in spec.officials)
        if spec.published_at:
            weeks[_week_of(spec.published_at)] += 1
        copies += not spec.is_lead
        grouped += spec.group is not None
        common += bool(pattern.search(f"{spec.title} {spec.lede} {spec.body}"))
    top = [cid for cid, _ in countries.most_common(2)]
    both = sum(1 for ids in per_article if len(top) == 2 and set(top) <= set(ids))
    top_share, peak, week_counts = _week_stats(weeks)
    n = n or 1
    return Shape(
        articles=n,
        busiest_share=countries[top[0]] / n if top else 0.0,
        pair_share=both / n,
        mean_countries=mentions / n,
        officials_named=len(officials),
        top_weeks_share=top_share,
        peak_week_ratio=peak,
        copies_share=copies / n,
        grouped_share=grouped / n,
        common_word_share=common / n,
        week_counts=week_counts,
    )


class Command(BaseCommand):
    help = (
        "Benchmark the public pages: build N synthetic articles shaped like the real corpus "
        "(a Zipf country distribution, ~3 countries an article, long-tail officials, event "
        f"bursts, near-duplicate copies) in the database {BENCH_DATABASE}, print its shape, "
        "then time each page type in-process with Django's test Client (server time: no "
        "network, no browser) and print p50/p95 and queries per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--repeat", type=int, default=30, help="Requests per page type.")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--reuse", action="store_true", help="Reuse a kept database: skip building."
        )
        parser.add_argument(
            "--cold",
            action="store_true",
            help="Turn off the per-process cache of index aggregations (every request computes).",
        )
        parser.add_argument(
            "--rebuild-index",
            action="store_true",
            help="With --reuse: build the kept database's search index again (timed).",
        )

    def handle(self, *args, articles, repeat, seed, keep, reuse, rebuild_index, cold, **options):
        if articles < 100 and not reuse:
            raise CommandError("--articles must be at least 100.")
        # The bench's search index lives beside the real one, never in it: rebuilding
        # the real index from the bench database would replace the served one.
        default_dir = Path(settings.BASE_DIR) / "var" / "index"
        index_dir = Path(getattr(settings, "SEARCH_INDEX_DIR", default_dir))
        index_dir = index_dir.with_name(f"index_{BENCH_DATABASE}")
        original = connection.settings_dict["NAME"]
        try:
            cache = {"SEARCH_CACHE": 0} if cold else {}
            with override_settings(SEARCH_INDEX_DIR=index_dir, **cache):
                self._run(articles, repeat, random.Random(seed), reuse, rebuild_index)
        except Exception as exc:
            if "does not exist" in str(exc) and reuse:
                raise CommandError(f"No {BENCH_DATABASE} to reuse: run once with --keep") from exc
            raise
        finally:
            self._switch(original)
            if not keep and not reuse:
                self._drop(BENCH_DATABASE)
                shutil.rmtree(index_dir, ignore_errors=True)

    def _run(
        self, articles: int, repeat: int, rng: random.Random, reuse: bool, rebuild: bool
    ) -> None:
        if reuse:
            self._switch(BENCH_DATABASE)
            # A kept database may predate this branch's migrations: bring it up to date.
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM articles_article")
                self.stdout.write(f"Reusing {BENCH_DATABASE}: {cursor.fetchone()[0]:,} articles")
            if rebuild:
                self._index()
        else:
            self._recreate(BENCH_DATABASE)
            self._switch(BENCH_DATABASE)
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            call_command("load_reference", verbosity=0, stdout=io.StringIO())
            prepared = time.perf_counter()
            rows, indexes = self._build(articles, rng)
            self.stdout.write(
                f"Built {articles:,} articles in {time.perf_counter() - started:.0f}s "
                f"(schema and reference {prepared - started:.0f}s, rows {rows:.0f}s, "
                f"indexes {indexes:.0f}s)"
            )
            self._after_build()
        for line in self._db_shape().lines():
            self.stdout.write(line)
        self._measure(repeat, rng)

    # --- building ---------------------------------------------------------------------

    def _reference(self) -> Reference:
        """Return the loaded reference rows, and make the bench's sources."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, iso2, name FROM articles_country ORDER BY id")
            countries = cursor.fetchall()
            cursor.execute(
                "SELECT o.id, o.name, o.nationality_id, "
                "array_remove(array_agg(DISTINCT a.post_kind), NULL) "
                "FROM articles_official o LEFT JOIN articles_appointment a "
                "ON a.official_id = o.id WHERE o.status = 'confirmed' GROUP BY o.id ORDER BY o.id"
            )
            officials = [
                (pk, name, nationality, max((POST_WEIGHT.get(k, 1.0) for k in kinds), default=1.0))
                for pk, name, nationality, kinds in cursor.fetchall()
            ]
            cursor.execute("SELECT id FROM articles_organisation ORDER BY id")
            organisations = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT id FROM articles_topic ORDER BY id")
            topics = [row[0] for row in cursor.fetchall()]
            now = datetime.now(UTC)
            sources = []
            for i in range(SOURCES):
                cursor.execute(
                    "INSERT INTO articles_source (name, slug, domain, cleaning_rules, "
                    "learned_furniture, created_at, updated_at) VALUES (%s, %s, %s, '[]', '[]', "
                    "%s, %s) RETURNING id",
                    [f"Bench Outlet {i}", f"bench-outlet-{i}", f"outlet{i}.example", now, now],
                )
                sources.append(cursor.fetchone()[0])
        if not countries:
            raise CommandError("load_reference loaded no countries.")
        return Reference(countries, officials, organisations, topics, sources)

    def _build(self, n: int, rng: random.Random) -> tuple[float, float]:
        """Write ``n`` generated articles with COPY; return the seconds for rows and indexes."""
        started = time.perf_counter()
        reference = self._reference()
        now = datetime.now(UTC).isoformat()
        dropped = self._drop_indexes()
        bufs = _Buffers()
        for spec in generate_articles(rng, n, reference):
            bufs.add(spec, now)
            if spec.pk % BATCH == 0 or spec.pk == n:
                self._flush(bufs)
                bufs = _Buffers()
                self.stdout.write(f"  {spec.pk:,} articles", ending="\r")
                self.stdout.flush()
        self.stdout.write("")
        rows = time.perf_counter()
        with connection.cursor() as cursor:
            for definition in dropped:
                cursor.execute(definition)
            # Ids were given explicitly: move the sequences past them.
            for table in ("articles_article", "articles_nearduplicategroup"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"GREATEST((SELECT max(id) FROM {table}), 1))"
                )
            # A group's size counts its members, the lead included (as the importer does).
            cursor.execute(
                "UPDATE articles_nearduplicategroup g SET size = x.n FROM (SELECT "
                "duplicate_group_id AS id, count(*) AS n FROM articles_article WHERE "
                "duplicate_group_id IS NOT NULL GROUP BY 1) x WHERE x.id = g.id"
            )
        return rows - started, time.perf_counter() - rows

    def _after_build(self) -> None:
        """Refresh the planner's statistics, then rebuild the search index when there is one."""
        started = time.perf_counter()
        connection.ensure_connection()
        old_autocommit = connection.get_autocommit()
        connection.set_autocommit(True)
        try:
            with connection.cursor() as cursor:
                # VACUUM as well as ANALYZE: the mention tables' lead indexes are read by
                # index-only scans, which need the visibility map VACUUM sets.
                cursor.execute("VACUUM ANALYZE")
        finally:
            connection.set_autocommit(old_autocommit)
        self.stdout.write(f"Vacuumed and analyzed in {time.perf_counter() - started:.1f}s")
        self._index()

    def _index(self) -> None:
        started = time.perf_counter()
        result = rebuild_index(threads=2)
        size = sum(f.stat().st_size for f in search_engine.index_dir().rglob("*") if f.is_file())
        self.stdout.write(
            f"Search index built in {time.perf_counter() - started:.1f}s: "
            f"{result.indexed:,} documents, {size / 1e6:,.0f} MB"
        )

    def _drop_indexes(self) -> list[str]:
        """Drop the secondary indexes of the bulk-loaded tables; return how to rebuild them.

        Building an index once over the loaded rows is several times faster than keeping
        it up to date row by row (the GIN full-text index above all).
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT i.indexname, i.indexdef FROM pg_indexes i
                   WHERE i.tablename IN ('articles_article', 'articles_articlecountry',
                         'articles_articleofficial', 'articles_articleorganisation',
                         'articles_articletopic')
                     AND i.indexname NOT IN (SELECT c.conname FROM pg_constraint c)"""
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return [definition for _, definition in indexes]

    def _flush(self, bufs: _Buffers) -> None:
        columns = {
            "articles_article": (
                "id, created_at, updated_at, source_id, url, external_id, content_hash, "
                "title, lede, byline, dateline, published_at, body, raw_text, language, "
                "word_count, status, reviewed, duplicate_group_id, is_story_lead, record_key, "
                "duplicate_keys, cleaner_version, extractor_version"
            ),
            "articles_nearduplicategroup": "id, lead_id, size, created_at",
        }
        # public_lead is left out: the mentions' insert trigger copies it from the article
        # (migration 0008), so the articles are written first, in the same transaction.
        common = (
            "article_id, count, first_offset, evidence, is_focus, origin, suppressed, published_at"
        )
        mention_tables = {
            "country": ("articles_articlecountry", f"{common}, country_id, kind"),
            "official": (
                "articles_articleofficial",
                f"{common}, official_id, appointment_id, raw_name, raw_title",
            ),
            "org": ("articles_articleorganisation", f"{common}, organisation_id"),
            "topic": ("articles_articletopic", f"{common}, topic_id, score"),
        }
        # Articles and groups reference each other: one transaction, Django's deferred FKs.
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            for table, buf in (
                ("articles_article", bufs.articles),
                ("articles_nearduplicategroup", bufs.groups),
            ):
                buf.seek(0)
                raw.copy_expert(f"COPY {table} ({columns[table]}) FROM STDIN", buf)
            for key, (table, cols) in mention_tables.items():
                buf = bufs.mentions[key]
                buf.seek(0)
                raw.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buf)

    def _db_shape(self) -> Shape:
        """Return the shape of the corpus in the database (what ``corpus_shape`` measures)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE NOT is_story_lead), "
                "count(*) FILTER (WHERE duplicate_group_id IS NOT NULL), "
                "count(*) FILTER (WHERE search_vector @@ plainto_tsquery('english', %s)) "
                "FROM articles_article",
                [COMMON_WORD],
            )
            n, copies, grouped, common = cursor.fetchone()
            n = n or 1
            cursor.execute(
                "SELECT country_id, count(*) FROM articles_articlecountry "
                "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 2"
            )
            top = cursor.fetchall()
            cursor.execute("SELECT count(*) FROM articles_articlecountry")
            mentions = cursor.fetchone()[0]
            both = 0
            if len(top) == 2:
                cursor.execute(
                    "SELECT count(*) FROM articles_articlecountry a JOIN articles_articlecountry "
                    "b USING (article_id) WHERE a.country_id = %s AND b.country_id = %s",
                    [top[0][0], top[1][0]],
                )
                both = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(DISTINCT official_id) FROM articles_articleofficial "
                "WHERE official_id IS NOT NULL"
            )
            officials = cursor.fetchone()[0]
            cursor.execute(
                "SELECT published_at FROM articles_article WHERE published_at IS NOT NULL"
            )
            weeks = Counter(_week_of(row[0]) for row in cursor.fetchall())
        top_share, peak, week_counts = _week_stats(weeks)
        return Shape(
            articles=n,
            busiest_share=top[0][1] / n if top else 0.0,
            pair_share=both / n,
            mean_countries=mentions / n,
            officials_named=officials,
            top_weeks_share=top_share,
            peak_week_ratio=peak,
            copies_share=copies / n,
            grouped_share=grouped / n,
            common_word_share=common / n,
            week_counts=week_counts,
        )

    # --- measuring --------------------------------------------------------------------

    def _measure(self, repeat: int, rng: random.Random) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lower(c.iso2) FROM articles_country c JOIN articles_articlecountry m "
                "ON m.country_id = c.id GROUP BY c.iso2 ORDER BY count(*) DESC, 1 LIMIT 20"
            )
            top_countries = [r[0] for r in cursor.fetchall()] or ["sy", "us"]
            cursor.execute(
                "SELECT o.slug FROM articles_official o JOIN articles_articleofficial m "
                "ON m.official_id = o.id GROUP BY o.slug ORDER BY count(*) DESC, 1 LIMIT 40"
            )
            top_officials = [r[0] for r in cursor.fetchall()] or ["none"]
            cursor.execute(
                "SELECT id FROM articles_article WHERE status = 'published' "
                "ORDER BY random() LIMIT %s",
                [repeat],
            )
            article_ids = [r[0] for r in cursor.fetchall()] or [1]
            # Three filters a reader could combine: the first country, topic and official
            # of a random public article (so the combination has results, as facets do).
            cursor.execute(
                """SELECT * FROM (SELECT
                     (SELECT lower(c.iso2) FROM articles_articlecountry m JOIN articles_country c
                        ON c.id = m.country_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1),
                     (SELECT t.slug FROM articles_articletopic m JOIN articles_topic t
                        ON t.id = m.topic_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1),
                     (SELECT o.slug FROM articles_articleofficial m JOIN articles_official o
                        ON o.id = m.official_id WHERE m.article_id = a.id ORDER BY m.id LIMIT 1)
                   FROM articles_article a WHERE a.status = 'published' AND a.is_story_lead
                   ORDER BY random() LIMIT %s) x
                   WHERE x IS NOT NULL""",
                [20 * (repeat + 3)],
            )
            facets = cursor.fetchall() or [(top_countries[0], "none", top_officials[0])]
        busiest, second = (top_countries + top_countries)[:2]

        def years():
            y = rng.randint(2010, 2023)
            return f"&date_from={y}-01-01&date_to={y + 1}-12-31"

        def three_filters():
            country, topic, official = rng.choice(facets)
            return f"/articles/?country={country}&topic={topic}&official={official}"

        page_types = {
            "home": lambda: "/",
            "list unfiltered": lambda: "/articles/",
            "list busiest country": lambda: f"/articles/?country={busiest}",
            "list busiest pair all": lambda: (
                f"/articles/?country={busiest}&country={second}&match=all"
            ),
            "list country+date": lambda: (
                f"/articles/?country={rng.choice(top_countries[:5])}" + years()
            ),
            "list q newest": lambda: f"/articles/?q={COMMON_WORD}&sort=newest",
            "list q relevance": lambda: f"/articles/?q={COMMON_WORD}",
            "list q page 500": lambda: f"/articles/?q={COMMON_WORD}&sort=newest&page=500",
            "list facets 3 filters": three_filters,
            "country page": lambda: f"/countries/{rng.choice(top_countries)}/",
            "official page": lambda: f"/officials/{rng.choice(top_officials)}/",
            "article page": lambda: f"/articles/{rng.choice(article_ids)}/x/",
        }
        self.stdout.write(
            "Server time per page, in-process (Django test Client: no network, no browser)"
        )
        self.stdout.write(
            f"{'page type':<23}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'cpu p95':>9}"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        with override_settings(
            ALLOWED_HOSTS=["*"],
            DEBUG=False,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            client = Client(raise_request_exception=False)
            for name, make in page_types.items():
                urls = [quote(make(), safe='/?=&-"') for _ in range(repeat + 3)]
                statuses, times, cpus = set(), [], []
                queries = 0
                for i, url in enumerate(urls):
                    started, cpu = time.perf_counter(), _cpu_ms(backend)
                    response = client.get(url, follow=True)
                    elapsed = (time.perf_counter() - started) * 1000
                    statuses.add(response.status_code)
                    if i >= 3:  # the first requests warm caches and plans
                        times.append(elapsed)
                        if cpu is not None:
                            cpus.append(_cpu_ms(backend) - cpu)
                if 200 not in statuses:  # a page not built yet
                    self.stdout.write(
                        f"{name:<23}{'n/a':>9}{'n/a':>9}   (status {sorted(statuses)})"
                    )
                    continue
                # Queries per page: the most any of a few of its URLs needs.
                for url in urls[-3:]:
                    with CaptureQueriesContext(connection) as ctx:
                        client.get(url, follow=True)
                    queries = max(queries, len(ctx))
                times.sort()
                cpu_p95 = f"{_p95(sorted(cpus)):>9.1f}" if cpus else f"{'n/a':>9}"
                self.stdout.write(
                    f"{name:<23}{statistics.median(times):>9.1f}{_p95(times):>9.1f}"
                    f"{times[-1]:>9.1f}{queries:>9}{cpu_p95}"
                )
        self.stdout.write(
            "cpu: CPU time of this process and of its database backend per request — what "
            "the page costs whatever else the machine is doing (wall time grows with load)."
        )
        if hasattr(os, "getloadavg"):
            loads = " ".join(f"{value:.2f}" for value in os.getloadavg())
            self.stdout.write(f"load average (1, 5, 15 min): {loads}")

    # --- databases ----------------------------------------------------------------------

    def _recreate(self, name):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')

    def _drop(self, name):
        connections.close_all()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _switch(self, name):
        connections.close_all()
        connection.settings_dict["NAME"] = name


class _Buffers:
    """One batch of rows in COPY text format: articles, groups and the four mention tables."""

    def __init__(self):
        self.articles = io.StringIO()
        self.groups = io.StringIO()
        self.mentions = {k: io.StringIO() for k in ("country", "official", "org", "topic")}

    def add(self, spec: ArticleSpec, now: str) -> None:
        pk = spec.pk
        at = spec.published_at.isoformat() if spec.published_at else r"\N"
        if spec.group is not None and spec.is_lead:
            self.groups.write(f"{spec.group}\t{pk}\t1\t{now}\n")
        self.articles.write(
            "\t".join(
                [
                    str(pk),
                    now,
                    now,
                    str(spec.source),
                    f"https://outlet{spec.source}.example/{pk}",
                    f"bench-{pk}",
                    hashlib.sha256(f"{pk}:{spec.body}".encode()).hexdigest(),
                    _tsv(spec.title),
                    _tsv(spec.lede),
                    "",
                    spec.dateline,
                    at,
                    _tsv(spec.body),
                    "",
                    "en",
                    str(spec.body.count(" ") + 1),
                    spec.status,
                    "f",
                    r"\N" if spec.group is None else str(spec.group),
                    "t" if spec.is_lead else "f",
                    "",
                    "{}",
                    "1",
                    "1",
                ]
            )
            + "\n"
        )
        m = self.mentions
        for cid, focus, count in spec.countries:
            m["country"].write(
                f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{cid}\tdirect\n"
            )
        for oid, name, focus, count in spec.officials:
            m["official"].write(
                f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{oid}\t\\N"
                f"\t{_tsv(name)}\t\n"
            )
        for oid, focus, count in spec.organisations:
            m["org"].write(f"{pk}\t{count}\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{oid}\n")
        for tid, focus, score in spec.topics:
            m["topic"].write(
                f"{pk}\t1\t0\t[]\t{_bool(focus)}\tautomatic\tf\t{at}\t{tid}\t{score}\n"
            )


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _p95(values: list[float]) -> float:
    """Return the 95th percentile of sorted ``values`` (nearest rank)."""
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def _cpu_ms(backend_pid: int) -> float | None:
    """Return CPU milliseconds used so far by this process and the database backend.

    The backend's share is read from /proc (a local server run by the same user); None
    when it cannot be read (a remote database), and the column then says n/a.
    """
    try:
        with open(f"/proc/{backend_pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    backend = (int(fields[11]) + int(fields[12])) * 1000 / ticks
    return backend + time.process_time() * 1000


def _tsv(text: str) -> str:
    """Return ``text`` safe for a COPY text-format field."""
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")
