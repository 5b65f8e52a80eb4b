"""The article page: mentions, copies, related coverage and the highlighted text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.choices import ArticleStatus, OfficialStatus
from articles.models import (
    Article,
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
)
from articles.selectors import article_public_queryset
from articles.selectors.reading import read_connection

from .common import (
    RELATED_LIMIT,
    RELATED_SPAN,
    RELATED_WINDOW,
)


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
    published_at: datetime | None = None

    @property
    def related_from(self) -> date | None:
        """The first day of related coverage's window (None: the article has no date)."""
        return related_window(self.published_at)[0] if self.published_at else None

    @property
    def related_to(self) -> date | None:
        return related_window(self.published_at)[1] if self.published_at else None


def related_window(published_at: datetime) -> tuple[date, date]:
    """Return the first and last day (local time) of related coverage around a date."""
    return (
        timezone.localtime(published_at - RELATED_SPAN).date(),
        timezone.localtime(published_at + RELATED_SPAN).date(),
    )


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
        published_at=article.published_at,
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
    """Return public story leads sharing ``article``'s focus countries or officials, near it.

    A dated article's related coverage is within ``RELATED_SPAN`` (two weeks) before and
    after it: each focus entity contributes its ``RELATED_WINDOW`` focus mentions closest
    to the date (half before, half after); articles sharing more entities come first, then
    the closest in time. An undated article's are the newest sharing them. Two queries
    however many entities.
    """
    country_ids, official_ids = country_ids[:5], official_ids[:5]
    if not country_ids and not official_ids:
        return []
    at = article.published_at
    parts, params = [], []
    for table, column, ids in (
        ("articles_articlecountry", "country_id", country_ids),
        ("articles_articleofficial", "official_id", official_ids),
    ):
        for pk in ids:
            head = f"""SELECT article_id FROM {table}
                       WHERE {column} = %s AND is_focus AND NOT suppressed
                         AND published_at IS NOT NULL"""
            if at is None:
                parts.append(f"({head} ORDER BY published_at DESC LIMIT %s)")
                params += [pk, RELATED_WINDOW]
                continue
            # Both halves walk the mention index from the article's date outwards.
            parts.append(
                f"""({head} AND published_at <= %s AND published_at >= %s
                     ORDER BY published_at DESC LIMIT %s)"""
            )
            params += [pk, at, at - RELATED_SPAN, RELATED_WINDOW // 2]
            parts.append(
                f"""({head} AND published_at > %s AND published_at <= %s
                     ORDER BY published_at LIMIT %s)"""
            )
            params += [pk, at, at + RELATED_SPAN, RELATED_WINDOW // 2]
    closeness = (
        "abs(extract(epoch FROM a.published_at - %s))"
        if at
        else "-extract(epoch FROM a.published_at)"
    )
    sql = f"""
        SELECT c.article_id, count(*) AS shared FROM ({" UNION ALL ".join(parts)}) c
        JOIN articles_article a ON a.id = c.article_id
        WHERE a.status = %s AND a.is_story_lead AND NOT (a.id = ANY(%s))
        GROUP BY c.article_id, a.published_at
        ORDER BY shared DESC, {closeness}, c.article_id DESC
        LIMIT %s"""
    params += [ArticleStatus.PUBLISHED, exclude_ids, *([at] if at else []), RELATED_LIMIT]
    with read_connection().cursor() as cursor:
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
    return reverse("articles:article_list") + "?" + urlencode({"organization": slug})


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
