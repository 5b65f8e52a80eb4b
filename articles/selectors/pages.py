"""Reads for the home, article, country, official and topic pages.

Built to stay fast at a few hundred thousand articles without precomputed tables:

- an entity's timeline is counted from its mention table alone (the mention's own copy of
  the date, read through the (entity, -published_at, article) index), so it counts every
  outlet's copy of a story;
- what is covered together with an entity (countries, officials, topics) is counted over
  a bounded window: the ``COVERAGE_WINDOW`` newest public story leads that mention it;
- related coverage scans the ``RELATED_WINDOW`` newest focus mentions of each of the
  article's focus countries and officials, up to shortly after the article's date;
- what is rising is counted over the articles of the last ``BASELINE_WEEKS + 1`` weeks,
  found through the published-articles date index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Appointment,
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
    Country,
    CountryAlias,
    Official,
    Topic,
)
from articles.selectors import article_public_queryset

COVERAGE_WINDOW = 2_000
RELATED_WINDOW = 200
RELATED_LIMIT = 6
RELATED_AFTER = timedelta(days=14)
RECENT_LIMIT = 10
TOP_LIMIT = 10
BASELINE_WEEKS = 4
RISING_LIMIT = 6
RISING_MIN_ARTICLES = 20
RISING_CAP = 50_000  # articles read at most for "rising" (a month of a very busy corpus)

# Entity kind → (mention table, entity column, entity table).
MENTION_SQL = {
    "country": ("articles_articlecountry", "country_id", "articles_country"),
    "official": ("articles_articleofficial", "official_id", "articles_official"),
    "organisation": ("articles_articleorganisation", "organisation_id", "articles_organisation"),
    "topic": ("articles_articletopic", "topic_id", "articles_topic"),
}
# The parameter value each kind takes in /articles/ links (DESIGN.md's names).
LIST_PARAM = {
    "country": "country",
    "official": "official",
    "organisation": "organization",
    "topic": "topic",
}


@dataclass
class Ranked:
    """An entity with a count: what a "most mentioned" or "covered together" list shows."""

    kind: str
    id: int
    key: str  # the /articles/ parameter value: lower-case ISO alpha-2 or slug
    name: str
    count: int
    unconfirmed: bool = False
    rise: float = 0.0
    previous: float = 0.0

    @property
    def url(self) -> str:
        if self.kind == "country":
            return f"/countries/{self.key}/"
        return f"/{self.kind}s/{self.key}/"


# --- article page -------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the article text (offsets into title+lede+body)."""

    start: int
    end: int
    kind: str
    url: str
    label: str


@dataclass
class ArticleDetail:
    """Everything the article page shows beside the article's own fields."""

    countries: list[ArticleCountry]
    officials: list[ArticleOfficial]
    organisations: list[ArticleOrganisation]
    topics: list[ArticleTopic]
    copies: list[Article]
    related: list[Article]
    lede_html: SafeString
    body_html: SafeString
    also_in: int = 0
    spans: list[Span] = field(default_factory=list)


def article_detail(*, article: Article) -> ArticleDetail:
    """Return the mentions, copies, related coverage and highlighted text of ``article``."""
    countries = list(
        ArticleCountry.objects.filter(article=article, suppressed=False)
        .select_related("country")
        .order_by("-is_focus", "-count", "country__name")
    )
    officials = list(
        ArticleOfficial.objects.filter(article=article, suppressed=False, official__isnull=False)
        .exclude(official__status=OfficialStatus.REJECTED)
        .select_related("official", "appointment__country", "appointment__organisation")
        .order_by("-is_focus", "-count", "official__name")
    )
    organisations = list(
        ArticleOrganisation.objects.filter(article=article, suppressed=False)
        .select_related("organisation")
        .order_by("-is_focus", "-count", "organisation__name")
    )
    topics = list(
        ArticleTopic.objects.filter(article=article, suppressed=False)
        .select_related("topic")
        .order_by("-score", "topic__name")
    )
    copies = article_copies(article=article)
    related = article_related(
        article=article,
        country_ids=[m.country_id for m in countries if m.is_focus],
        official_ids=[m.official_id for m in officials if m.is_focus],
        exclude_ids=[article.pk, *(c.pk for c in copies)],
    )
    spans = mention_spans(
        article=article, countries=countries, officials=officials, organisations=organisations
    )
    lede_start, body_start = field_starts(article)
    return ArticleDetail(
        countries=countries,
        officials=officials,
        organisations=organisations,
        topics=topics,
        copies=copies,
        related=related,
        lede_html=highlight_html(text=article.lede, offset=lede_start, spans=spans),
        body_html=highlight_html(text=article.body, offset=body_start, spans=spans),
        also_in=len({c.source_id for c in copies if c.source_id != article.source_id}),
        spans=spans,
    )


def article_copies(*, article: Article) -> list[Article]:
    """Return the other public articles of ``article``'s near-duplicate group, oldest first."""
    if not article.duplicate_group_id:
        return []
    return list(
        article_public_queryset()
        .filter(duplicate_group_id=article.duplicate_group_id)
        .exclude(pk=article.pk)
        .only("id", "title", "published_at", "source__name", "source__slug", "url")
        .order_by("published_at", "id")[:50]
    )


def article_related(
    *, article: Article, country_ids: list[int], official_ids: list[int], exclude_ids: list[int]
) -> list[Article]:
    """Return recent public story leads sharing ``article``'s focus countries or officials.

    Each focus entity contributes its ``RELATED_WINDOW`` newest focus mentions up to two
    weeks after the article's date; articles sharing more of them come first, then the
    newest. Two queries however many entities.
    """
    country_ids, official_ids = country_ids[:5], official_ids[:5]
    if not country_ids and not official_ids:
        return []
    until = article.published_at + RELATED_AFTER if article.published_at else None
    parts, params = [], []
    for table, column, ids in (
        ("articles_articlecountry", "country_id", country_ids),
        ("articles_articleofficial", "official_id", official_ids),
    ):
        for pk in ids:
            bound = "AND published_at <= %s" if until else ""
            parts.append(
                f"""(SELECT article_id FROM {table}
                     WHERE {column} = %s AND is_focus AND NOT suppressed
                       AND published_at IS NOT NULL {bound}
                     ORDER BY published_at DESC LIMIT %s)"""
            )
            params += [pk, *([until] if until else []), RELATED_WINDOW]
    sql = f"""
        SELECT c.article_id, count(*) AS shared FROM ({" UNION ALL ".join(parts)}) c
        JOIN articles_article a ON a.id = c.article_id
        WHERE a.status = %s AND a.is_story_lead AND NOT (a.id = ANY(%s))
        GROUP BY c.article_id, a.published_at
        ORDER BY shared DESC, a.published_at DESC, c.article_id DESC
        LIMIT %s"""
    params += [ArticleStatus.PUBLISHED, exclude_ids, RELATED_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        order = [row[0] for row in cursor.fetchall()]
    if not order:
        return []
    found = article_public_queryset().defer("body", "raw_text", "minhash").in_bulk(order)
    return [found[pk] for pk in order if pk in found]


def field_starts(article: Article) -> tuple[int, int]:
    """Return where the lede and the body start in the extraction's offset space.

    Offsets count over title, lede and body joined by blank lines, empty parts left out.
    """
    offset, starts = 0, {}
    for name in ("title", "lede", "body"):
        part = getattr(article, name)
        if part:
            starts[name] = offset
            offset += len(part) + 2
    return starts.get("lede", -1), starts.get("body", -1)


def mention_spans(
    *,
    article: Article,
    countries: list[ArticleCountry],
    officials: list[ArticleOfficial],
    organisations: list[ArticleOrganisation],
) -> list[Span]:
    """Return the non-overlapping highlights from the mentions' evidence, in text order.

    Evidence whose text is no longer at its offset (the article changed since extraction)
    and dateline evidence (outside the text) are left out; of two overlapping matches the
    earlier, then the longer, wins.
    """
    full = "\n\n".join(p for p in (article.title, article.lede, article.body) if p)
    candidates: list[Span] = []
    for mentions, kind in (
        (countries, "country"),
        (officials, "official"),
        (organisations, "organisation"),
    ):
        for m in mentions:
            entity = getattr(m, kind)
            url = entity.get_absolute_url() if kind != "organisation" else _org_url(entity.slug)
            label = entity.name
            if kind == "official" and m.appointment_id:
                label = f"{entity.name}, {m.appointment}"
            for item in m.evidence or []:
                text, start = item.get("text") or "", item.get("start")
                if item.get("field") == "dateline" or not text or not isinstance(start, int):
                    continue
                if start < 0 or full[start : start + len(text)] != text:
                    continue
                candidates.append(Span(start, start + len(text), kind, url, label))
    candidates.sort(key=lambda s: (s.start, -(s.end - s.start)))
    spans: list[Span] = []
    for span in candidates:
        if spans and span.start < spans[-1].end:
            continue
        spans.append(span)
    return spans


def _org_url(slug: str) -> str:
    return f"/articles/?organization={slug}"


_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def highlight_html(*, text: str, offset: int, spans: list[Span]) -> SafeString:
    """Return ``text`` as escaped paragraphs with the spans inside it linked.

    ``offset`` is where ``text`` starts in the spans' offset space. Every piece of the
    article's text goes through ``escape``: the text can never add markup.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    inside = [s for s in spans if offset <= s.start and s.end <= offset + len(text)]
    paragraphs = []
    for match in _PARAGRAPH.finditer(text):
        p_start, p_end = match.start(), match.end()
        pieces, cursor = [], p_start
        for span in inside:
            start, end = span.start - offset, span.end - offset
            if start < p_start or end > p_end:
                continue
            pieces.append(escape(text[cursor:start]))
            pieces.append(
                format_html(
                    '<a class="mention mention-{}" href="{}" title="{}">{}</a>',
                    span.kind,
                    span.url,
                    span.label,
                    text[start:end],
                )
            )
            cursor = end
        pieces.append(escape(text[cursor:p_end]))
        paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br>") + "</p>")
    return mark_safe("\n".join(paragraphs))  # noqa: S308 - every piece escaped above


# --- entity pages -------------------------------------------------------------------


@dataclass
class Coverage:
    """An entity's coverage: per month, undated, and what is covered together with it."""

    series: list[tuple[date, int]]
    dated: int
    undated: int
    window: int  # how many of its newest story leads the co-coverage counts were taken from
    together: dict[str, list[Ranked]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.dated + self.undated

    @property
    def window_capped(self) -> bool:
        return self.window >= COVERAGE_WINDOW


def entity_timeline(*, kind: str, entity_id: int) -> tuple[list[tuple[date, int]], int, int]:
    """Return (months with counts, gaps as zero), dated and undated mention counts.

    Read from the mention table alone: every outlet's copy counts, suppressed mentions
    do not.
    """
    table, column, _ = MENTION_SQL[kind]
    sql = f"""
        SELECT date_trunc('month', published_at AT TIME ZONE 'UTC') AS month, count(*)
        FROM {table} WHERE {column} = %s AND NOT suppressed
        GROUP BY 1"""
    found, undated = {}, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [entity_id])
        for month, n in cursor.fetchall():
            if month is None:
                undated = n
            else:
                found[month.date()] = n
    return _fill_months(found), sum(found.values()), undated


def _fill_months(found: dict[date, int]) -> list[tuple[date, int]]:
    if not found:
        return []
    first, last = min(found), max(found)
    series, day = [], first
    while day <= last and len(series) < 1200:
        series.append((day, found.get(day, 0)))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return series


def entity_together(
    *, kind: str, entity_id: int, kinds: tuple[str, ...], limit: int = TOP_LIMIT, own_country=None
) -> tuple[dict[str, list[Ranked]], int]:
    """Return what is most often covered together with an entity, and the window's size.

    Counted over the ``COVERAGE_WINDOW`` newest public story leads mentioning it (one
    statement). For ``kind="country"``, ``official`` lists that country's own officials
    (nationality or a post for it) most mentioned in its coverage.
    """
    table, column, _ = MENTION_SQL[kind]
    # The article check is a correlated subquery on purpose: a join lets the planner hash
    # every article of the corpus, where a few thousand primary-key probes are enough.
    window = f"""
        w AS MATERIALIZED (
            SELECT article_id FROM (
                SELECT m.article_id,
                       (SELECT a.status = %s AND a.is_story_lead FROM articles_article a
                        WHERE a.id = m.article_id) AS public
                FROM (
                    (SELECT article_id FROM {table}
                     WHERE {column} = %s AND NOT suppressed AND published_at IS NOT NULL
                     ORDER BY published_at DESC LIMIT %s)
                    UNION ALL
                    (SELECT article_id FROM {table}
                     WHERE {column} = %s AND NOT suppressed AND published_at IS NULL LIMIT %s)
                ) m
            ) x
            WHERE public
            LIMIT %s)"""
    params: list = [ArticleStatus.PUBLISHED, entity_id, COVERAGE_WINDOW, entity_id]
    params += [COVERAGE_WINDOW, COVERAGE_WINDOW]
    selects = []
    for other in kinds:
        o_table, o_column, e_table = MENTION_SQL[other]
        key = "lower(e.iso2)" if other == "country" else "e.slug"
        extra = ""
        status = "''"
        if other == kind:
            extra += f" AND m.{o_column} <> %s"
            params_extra = [entity_id]
        else:
            params_extra = []
        if other == "official":
            status = "e.status"
            extra += f" AND e.status <> '{OfficialStatus.REJECTED}' AND e.merged_into_id IS NULL"
            if kind == "country" and own_country is not None:
                extra += """ AND (e.nationality_id = %s OR EXISTS (
                    SELECT 1 FROM articles_appointment p
                    WHERE p.official_id = e.id AND p.country_id = %s))"""
                params_extra += [own_country, own_country]
        selects.append(
            f"""(SELECT '{other}', e.id, {key}, e.name, {status}, count(*) AS n
                 FROM {o_table} m JOIN {e_table} e ON e.id = m.{o_column}
                 WHERE m.article_id IN (SELECT article_id FROM w) AND NOT m.suppressed{extra}
                 GROUP BY e.id ORDER BY n DESC, e.name LIMIT %s)"""
        )
        params += [*params_extra, limit]
    selects.append("(SELECT 'size', 0, '', '', '', count(*) FROM w)")
    sql = f"WITH {window} " + " UNION ALL ".join(selects)
    out: dict[str, list[Ranked]] = {k: [] for k in kinds}
    size = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row_kind, pk, key, name, status, n in cursor.fetchall():
            if row_kind == "size":
                size = n
            else:
                out[row_kind].append(
                    Ranked(row_kind, pk, key, name, n, status == OfficialStatus.CANDIDATE)
                )
    return out, size


def entity_recent(*, kind: str, entity_id: int, limit: int = RECENT_LIMIT) -> list[Article]:
    """Return the newest public story leads mentioning an entity (dated first)."""
    model, column = {
        "country": (ArticleCountry, "country_id"),
        "official": (ArticleOfficial, "official_id"),
        "topic": (ArticleTopic, "topic_id"),
    }[kind]
    # Over-fetch from the index so hidden articles and later copies can be dropped.
    ids = list(
        model.objects.filter(**{column: entity_id}, suppressed=False, published_at__isnull=False)
        .order_by("-published_at")
        .values_list("article_id", flat=True)[: limit * 4]
    )
    rows = (
        article_public_queryset()
        .filter(id__in=ids, is_story_lead=True)
        .defer("body", "raw_text", "minhash")
        .order_by("-published_at", "-id")[:limit]
    )
    return list(rows)


def entity_coverage(
    *, kind: str, entity_id: int, kinds: tuple[str, ...], own_country: int | None = None
) -> Coverage:
    """Return an entity's timeline and what is covered together with it (two queries)."""
    series, dated, undated = entity_timeline(kind=kind, entity_id=entity_id)
    together, window = entity_together(
        kind=kind, entity_id=entity_id, kinds=kinds, own_country=own_country
    )
    return Coverage(series=series, dated=dated, undated=undated, window=window, together=together)


def official_get(*, slug: str) -> Official | None:
    """Return the official with ``slug`` (rejected ones too: the view decides), or None."""
    return (
        Official.objects.select_related("nationality", "merged_into")
        .prefetch_related(
            "aliases",
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("country", "organisation").order_by(
                    "start_date", "id"
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )


# --- indexes ------------------------------------------------------------------------


def country_counts() -> dict[int, int]:
    """Return each country's number of articles (mentions, every copy, none suppressed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT country_id, count(*) FROM articles_articlecountry
               WHERE NOT suppressed GROUP BY country_id"""
        )
        return dict(cursor.fetchall())


def country_index() -> list[tuple[str, list[Country]]]:
    """Return every country with its article count, grouped by region, in name order."""
    counts = country_counts()
    grouped: dict[str, list[Country]] = {}
    for country in Country.objects.only("iso2", "name", "region").order_by("region", "name"):
        country.article_count = counts.get(country.pk, 0)
        grouped.setdefault(country.region or "Other", []).append(country)
    return sorted(grouped.items(), key=lambda item: (item[0] == "Other", item[0]))


@dataclass
class CountryHit:
    """A country found by the search box, with the name or alias that matched."""

    country: Country
    matched: str
    kind: str
    exact: bool


def country_search(*, text: str, limit: int = 20) -> list[CountryHit]:
    """Return countries whose name, code or any alias matches ``text``, case-insensitively.

    Exact matches come first ("Burma", "DPRK", "Syrian"), then names and aliases that
    start with the text; blocked aliases are left out. Two queries.
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    if not text:
        return []
    folded = text.lower()
    hits: dict[int, CountryHit] = {}
    countries = Country.objects.filter(
        Q(name__iexact=text)
        | Q(iso2__iexact=text)
        | Q(iso3__iexact=text)
        | Q(name__istartswith=text)
    ).only("iso2", "iso3", "name", "region")
    for country in countries:
        exact = folded in (country.name.lower(), country.iso2.lower(), country.iso3.lower())
        hits[country.pk] = CountryHit(country, country.name, "name", exact)
    aliases = (
        CountryAlias.objects.filter(blocked=False)
        .filter(Q(alias__iexact=text) | Q(alias__istartswith=text))
        .select_related("country")
        .only("alias", "kind", "country__iso2", "country__name", "country__region")
        .order_by("alias")[:200]
    )
    for alias in aliases:
        exact = alias.alias.lower() == folded
        hit = hits.get(alias.country_id)
        if hit is None or (exact and not hit.exact):
            hits[alias.country_id] = CountryHit(alias.country, alias.alias, alias.kind, exact)
    ordered = sorted(hits.values(), key=lambda h: (not h.exact, h.country.name))
    return ordered[:limit]


def topic_index() -> list[Topic]:
    """Return every topic with its number of articles (mentions not suppressed), two queries."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT topic_id, count(*) FROM articles_articletopic
               WHERE NOT suppressed GROUP BY topic_id"""
        )
        counts = dict(cursor.fetchall())
    topics = list(Topic.objects.select_related("parent").order_by("name", "slug"))
    for topic in topics:
        topic.article_count = counts.get(topic.pk, 0)
    return topics


# --- home -----------------------------------------------------------------------------


@dataclass
class Rising:
    """What rose most in the week up to ``anchor`` against the weeks before."""

    anchor: datetime | None
    historical: bool
    items: dict[str, list[Ranked]] = field(default_factory=dict)
    articles_this_week: int = 0

    @property
    def week_start(self) -> datetime | None:
        return self.anchor - timedelta(days=7) if self.anchor else None


def newest_dates(*, limit: int = RISING_MIN_ARTICLES) -> list[datetime]:
    """Return the dates of the ``limit`` newest dated public story leads, newest first."""
    return list(
        Article.objects.filter(
            status=ArticleStatus.PUBLISHED, is_story_lead=True, published_at__isnull=False
        )
        .order_by("-published_at")
        .values_list("published_at", flat=True)[:limit]
    )


def rising(*, now: datetime | None = None, limit: int = RISING_LIMIT) -> Rising:
    """Return the countries, officials and topics with the largest rise this week.

    A week's rise is its mention count minus the average of the ``BASELINE_WEEKS`` weeks
    before. "This week" ends now; when the corpus is historical (its newest article more
    than a week old) it ends at the ``RISING_MIN_ARTICLES``-th newest article, so a few
    stray late articles do not leave the week empty. Two queries.
    """
    now = now or timezone.now()
    dates = newest_dates()
    if not dates:
        return Rising(anchor=None, historical=False)
    historical = dates[0] < now - timedelta(days=7)
    # A small corpus has no stray tail to skip: its newest article ends the week.
    tail_end = dates[-1] if len(dates) >= RISING_MIN_ARTICLES else dates[0]
    anchor = tail_end if historical else now
    week = anchor - timedelta(days=7)
    start = anchor - timedelta(days=7 * (BASELINE_WEEKS + 1))
    selects, params = [], []
    for kind in ("country", "official", "topic"):
        table, column, e_table = MENTION_SQL[kind]
        key = "lower(e.iso2)" if kind == "country" else "e.slug"
        status = "e.status" if kind == "official" else "''"
        extra = (
            f" AND e.status <> '{OfficialStatus.REJECTED}' AND e.merged_into_id IS NULL"
            if kind == "official"
            else ""
        )
        selects.append(
            f"""(SELECT '{kind}', e.id, {key}, e.name, {status},
                        count(*) FILTER (WHERE r.published_at > %s) AS now_n,
                        count(*) FILTER (WHERE r.published_at <= %s) AS before_n
                 FROM r JOIN {table} m ON m.article_id = r.id
                 JOIN {e_table} e ON e.id = m.{column}
                 WHERE NOT m.suppressed{extra}
                 GROUP BY e.id)"""
        )
        params += [week, week]
    selects.append(
        "(SELECT 'size', 0, '', '', '', count(*) FILTER (WHERE published_at > %s), 0 FROM r)"
    )
    params.append(week)
    sql = f"""
        WITH r AS MATERIALIZED (
            SELECT id, published_at FROM articles_article
            WHERE status = %s AND is_story_lead AND published_at > %s AND published_at <= %s
            ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %s)
        {" UNION ALL ".join(selects)}"""
    params = [ArticleStatus.PUBLISHED, start, anchor, RISING_CAP, *params]
    items: dict[str, list[Ranked]] = {"country": [], "official": [], "topic": []}
    this_week = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk, key, name, status, now_n, before_n in cursor.fetchall():
            if kind == "size":
                this_week = now_n
                continue
            previous = before_n / BASELINE_WEEKS
            rise = now_n - previous
            if now_n and rise > 0:
                item = Ranked(kind, pk, key, name, now_n, status == OfficialStatus.CANDIDATE)
                item.rise, item.previous = rise, previous
                items[kind].append(item)
    for kind, ranked in items.items():
        ranked.sort(key=lambda i: (-i.rise, -i.count, i.name))
        items[kind] = ranked[:limit]
    return Rising(anchor=anchor, historical=historical, items=items, articles_this_week=this_week)


def corpus_counts() -> dict[str, int]:
    """Return how much is loaded (public articles, sources, countries, …) in one query."""
    sql = """SELECT
        (SELECT count(*) FROM articles_article WHERE status = %s),
        (SELECT count(*) FROM articles_source),
        (SELECT count(*) FROM articles_country),
        (SELECT count(*) FROM articles_official WHERE status = %s AND merged_into_id IS NULL),
        (SELECT count(*) FROM articles_organisation),
        (SELECT count(*) FROM articles_topic)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [ArticleStatus.PUBLISHED, OfficialStatus.CONFIRMED])
        row = cursor.fetchone()
    names = ("articles", "sources", "countries", "officials", "organisations", "topics")
    return dict(zip(names, row, strict=True))


def latest_articles(*, limit: int = 10) -> list[Article]:
    """Return the newest dated public story leads, with their focus countries (two queries)."""
    return list(
        article_public_queryset()
        .filter(published_at__isnull=False, is_story_lead=True)
        .defer("body", "raw_text", "minhash")
        .order_by("-published_at", "-id")
        .prefetch_related(
            Prefetch(
                "articlecountry_set",
                queryset=ArticleCountry.objects.filter(suppressed=False, is_focus=True)
                .select_related("country")
                .only("article_id", "country__iso2", "country__name")
                .order_by("-count", "country__name"),
                to_attr="focus_countries",
            )
        )[:limit]
    )


def country_choices() -> QuerySet[Country]:
    """Return the countries for the picker: ISO code and name, by name."""
    return Country.objects.only("iso2", "name").order_by("name")
