"""A synthetic corpus shaped like real ones, for ``bench_pages`` (no database, no timing).

Countries are drawn Zipf over the reference's (the busiest in 15–20% of articles, about
three an article), officials long-tail (a busy country's heads most), topics and
organisations several an article, events burst some weeks to 5–20 times the base rate,
6% of articles are near-duplicate copies at other outlets, and one common word is in
about 30% of bodies. ``corpus_shape`` measures what a list of specs realised.
"""

from __future__ import annotations

import heapq
import itertools
import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

START = datetime(2010, 1, 1, tzinfo=UTC)
WEEKS = 782  # 15 years

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


def week_of(published: datetime) -> int:
    return min(max((published - START).days // 7, 0), WEEKS - 1)


def week_stats(counts: Counter) -> tuple[float, float, list[int]]:
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
            weeks[week_of(spec.published_at)] += 1
        copies += not spec.is_lead
        grouped += spec.group is not None
        common += bool(pattern.search(f"{spec.title} {spec.lede} {spec.body}"))
    top = [cid for cid, _ in countries.most_common(2)]
    both = sum(1 for ids in per_article if len(top) == 2 and set(top) <= set(ids))
    busiest = countries[top[0]] if top else 0
    return shape_of(n or 1, busiest, both, mentions, len(officials), copies, grouped, common, weeks)


def shape_of(n, busiest, both, mentions, officials, copies, grouped, common, weeks) -> Shape:
    """Return the shape of ``n`` articles (n > 0) from their counts, generated or stored.

    The articles of the busiest country, of its pair with the runner-up, the country
    mentions, the officials named, the copies, the grouped articles, those with the common
    word, and the articles per week number (a Counter).
    """
    top_share, peak, week_counts = week_stats(weeks)
    return Shape(
        articles=n,
        busiest_share=busiest / n,
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
