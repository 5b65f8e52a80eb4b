"""Outlet and organisation pages: their indexes and each one's page.

An organisation's page is an entity page like a country's (``pages._entity_page``); an
outlet's is one too, with its share of all coverage added. Every table and chart of these
pages downloads as CSV and SVG (``views.downloads``: ``?download=timeline.csv``, ...).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from articles.selectors import pages as reads
from articles.selectors.browse import Entity

from . import downloads
from .lists import Links
from .pages import _entity_page, _list_url
from .pagination import pagination_links

PER_PAGE = 50
# The columns of an outlet's page and an organisation's: (kind, heading, empty text).
SOURCE_COLUMNS = (
    ("country", "Top countries", "No countries in its articles."),
    ("official", "Top officials", "No officials in its articles."),
    ("organization", "Top organisations", "No organisations in its articles."),
    ("topic", "Top topics", "No topics assigned to its articles yet."),
)
ORGANISATION_COLUMNS = (
    ("country", "Countries", "No countries in its coverage."),
    ("official", "Officials", "No officials in its coverage."),
    ("organization", "Covered together with", "No other organisation appears in its coverage."),
    ("topic", "Top topics", "No topics assigned to its coverage yet."),
)
_KIND_NAMES = {
    "country": "country",
    "official": "official",
    "organization": "organisation",
    "topic": "topic",
}


def _index_state(request) -> tuple[str, str, int | None, list[str]]:
    """Return an index page's search text, sort, page number and what was ignored."""
    ignored = []
    text = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    sort = request.GET.get("sort", "") or "coverage"
    if sort not in reads.INDEX_SORTS:
        ignored.append(f"Unknown sort “{sort[:40]}” ignored: sorted by coverage.")
        sort = "coverage"
    raw = request.GET.get("page", "") or "1"
    number = int(raw) if raw.isdigit() and len(raw) < 9 and int(raw) > 0 else None
    if number is None:
        ignored.append(f"Page “{raw[:20]}” is not a page number: showing page 1.")
        number = 1
    return text, sort, number, ignored


def _index_page(rows: list, *, text: str, sort: str, number: int, download: str) -> dict:
    """Return the context of an index's page ``number`` of ``rows``, with its links."""
    params = [(k, v) for k, v in (("q", text), ("sort", sort if sort != "coverage" else "")) if v]
    links = Links(params)
    paginator = Paginator(rows, PER_PAGE)
    past = number > paginator.num_pages
    page = paginator.page(paginator.num_pages if past else number)
    return {
        "page": page,
        "rows": [] if past else page.object_list,
        "past": number if past else None,
        "last_url": links.page(paginator.num_pages),
        "q": text,
        "sort": sort,
        "sorts": [
            ("coverage", "Most covered", links.without("sort")),
            ("name", "Name", links.setting("sort", "name")),
        ],
        "download_url": links.setting("download", download),
        **pagination_links(
            number=page.number,
            has_next=page.has_next(),
            last=paginator.num_pages,
            url=links.page,
        ),
    }


def _index_filters(text: str, sort: str) -> str:
    return "; ".join(
        part for part in (f"name contains “{text}”" if text else "", f"sorted by {sort}") if part
    )


def source_list(request):
    """List every outlet with its number of articles and share, most covered first."""
    text, sort, number, ignored = _index_state(request)
    rows, total = reads.source_index(text=text, sort=sort)
    table = downloads.Download(
        name="sources",
        title="Outlets: published articles and share of all coverage",
        columns=("source", "name", "domain", "publisher_country", "articles", "share"),
        rows=[
            (
                r.entity.slug,
                r.entity.name,
                r.entity.domain,
                r.entity.publisher_country.iso2 if r.entity.publisher_country else "",
                r.count,
                round(r.share, 6) if r.share is not None else "",
            )
            for r in rows
        ],
    )
    answer = downloads.respond(request, [table], filters=_index_filters(text, sort))
    if answer is not None:
        return answer
    context = _index_page(rows, text=text, sort=sort, number=number, download="sources.csv")
    return render(
        request,
        "articles/source_list.html",
        {
            **context,
            "ignored": ignored,
            "total": total,
            "found": len(rows),
            "everything_url": _list_url(("copies", "all")),
        },
    )


def organization_list(request):
    """List every organisation with its number of articles, most covered first."""
    text, sort, number, ignored = _index_state(request)
    rows = reads.organisation_index(text=text, sort=sort)
    table = downloads.Download(
        name="organizations",
        title="Organisations: articles mentioning each (one per story)",
        columns=("organization", "name", "abbreviation", "articles"),
        rows=[(r.entity.slug, r.entity.name, r.entity.abbreviation, r.count) for r in rows],
    )
    answer = downloads.respond(request, [table], filters=_index_filters(text, sort))
    if answer is not None:
        return answer
    context = _index_page(rows, text=text, sort=sort, number=number, download="organizations.csv")
    return render(
        request,
        "articles/organization_list.html",
        {**context, "ignored": ignored, "found": len(rows)},
    )


def _entity_downloads(request, page: dict, columns) -> list[downloads.Download]:
    """Return an entity page's downloads: its timeline and each ranked column (each row
    with the absolute address of the list it counts), as CSV and SVG."""
    name = page["entity"].name
    offered = [
        downloads.timeline(
            request,
            title=f"{name}: articles per month",
            series=page["chart_series"],
            granularity="month",
        )
    ]
    for other, heading, _ in columns:
        offered.append(
            downloads.ranked(
                request,
                name=f"facet-{other}",
                title=f"{name}: {heading.lower()}",
                items=[
                    (item.name, item.key, item.count, item.list_url)
                    for item in page["coverage"].together.get(other, [])
                ],
            )
        )
    return offered


def _columns(page: dict, columns) -> list[tuple]:
    """Return (section id, heading, items, empty text, download name) of each column."""
    return [
        (f"top-{kind}", heading, page["coverage"].together.get(kind, []), empty, f"facet-{kind}")
        for kind, heading, empty in columns
    ]


def source_detail(request, slug):
    """Show an outlet: its coverage over time, share of all coverage, top entities, recent."""
    source = reads.source_get(slug=slug)
    if source is None:
        raise Http404("Unknown outlet")
    kinds = tuple(kind for kind, _, _ in SOURCE_COLUMNS)
    page = _entity_page("source", Entity(source.pk, source.slug, source.name), kinds)
    share = reads.source_share(coverage=page["coverage"])
    key = source.slug

    def period_url(start, end, *params):
        return _list_url(*params, ("date_from", start.isoformat()), ("date_to", end.isoformat()))

    years = [
        (
            year,
            period_url(year.start, year.start.replace(month=12, day=31), ("source", key)),
            period_url(year.start, year.start.replace(month=12, day=31), ("copies", "all")),
        )
        for year in share.years
    ]
    offered = _entity_downloads(request, page, SOURCE_COLUMNS)
    offered[0] = downloads.Download(
        name="timeline",
        svg=offered[0].svg,
        title=f"{source.name}: articles per month and share of every published article",
        columns=("month", "articles", "all_articles", "share", "list"),
        rows=[
            (
                p.start.isoformat(),
                p.count,
                p.everything,
                _ratio(p.share),
                request.build_absolute_uri(url),
            )
            for p, (_, _, url) in zip(share.months, page["chart_series"], strict=True)
        ],
    )
    offered.append(
        downloads.Download(
            name="share-year",
            title=f"{source.name}: share of every published article per year",
            columns=("year", "articles", "all_articles", "share"),
            rows=[(p.start.year, p.count, p.everything, _ratio(p.share)) for p in share.years],
        )
    )
    answer = downloads.respond(request, offered, filters=f"source={key} ({source.name})")
    if answer is not None:
        return answer
    return render(
        request,
        "articles/source_detail.html",
        {
            "source": source,
            **page,
            "share": share,
            "share_years": years,
            "everything_url": _list_url(("copies", "all")),
            "columns": _columns(page, SOURCE_COLUMNS),
        },
    )


def _ratio(value: float | None) -> object:
    return round(value, 6) if value is not None else ""


def organization_detail(request, slug):
    """Show an organisation's coverage: timeline, countries, officials, topics, recent."""
    organisation = reads.organisation_get(slug=slug)
    if organisation is None:
        raise Http404("Unknown organisation")
    kinds = ("organization", "country", "official", "topic")
    entity = Entity(organisation.pk, organisation.slug, organisation.name)
    page = _entity_page("organization", entity, kinds)
    answer = downloads.respond(
        request,
        _entity_downloads(request, page, ORGANISATION_COLUMNS),
        filters=f"organization={organisation.slug} ({organisation.name})",
    )
    if answer is not None:
        return answer
    names = {organisation.name, organisation.abbreviation}
    aliases = sorted({a.alias for a in organisation.aliases.all() if not a.blocked} - names)
    return render(
        request,
        "articles/organization_detail.html",
        {
            "organisation": organisation,
            "aliases": aliases,
            **page,
            "columns": _columns(page, ORGANISATION_COLUMNS),
        },
    )
