"""The filtered article list, and the type-ahead it uses.

Every state of the page is a permalink: links are built from the FilterSet's canonical
parameters, so removing a chip, picking a facet, sorting or paging keeps everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.filtersets import ArticleFilterSet
from articles.search import results
from articles.search.query import has_words as search_words
from articles.selectors import browse

from . import downloads
from .pagination import pagination_links, past_last_page

# The singular names chips use ("Country: Syria").
CHIP_TITLES = {
    "country": "Country",
    "official": "Official",
    "organization": "Organisation",
    "topic": "Topic",
    "source": "Source",
}

FACET_TITLES = {
    "country": "Countries",
    "official": "Officials",
    "organization": "Organisations",
    "topic": "Topics",
    "source": "Sources",
}


class Links:
    """Build list URLs from a state's canonical parameters, changing one thing at a time."""

    def __init__(self, params: list[tuple[str, str]]):
        self.params = params

    @staticmethod
    def url(params: list[tuple[str, str]]) -> str:
        return "?" + urlencode(params) if params else "?"

    def current(self) -> str:
        return self.url(self.params)

    def without(self, name: str, value: str | None = None) -> str:
        return self.url([(k, v) for k, v in self.params if not (k == name and value in (None, v))])

    def without_many(self, *names: str) -> str:
        return self.url([(k, v) for k, v in self.params if k not in names])

    def adding(self, name: str, value: str) -> str:
        return self.url([*self.params, (name, value)])

    def setting(self, name: str, value: str, *, drop: tuple[str, ...] = ()) -> str:
        kept = [(k, v) for k, v in self.params if k != name and k not in drop]
        return self.url([*kept, (name, value)])

    def toggle(self, name: str, value: str, selected: bool) -> str:
        return self.without(name, value) if selected else self.adding(name, value)

    def page(self, number: int) -> str:
        return self.url(self.params + ([("page", str(number))] if number > 1 else []))


@dataclass
class Chip:
    label: str
    remove_url: str


def _chips(criteria: browse.ArticleCriteria, links: Links) -> list[Chip]:
    chips = []
    if criteria.q:
        chips.append(Chip(f"Search: {criteria.q}", links.without("q")))
    for name, title in CHIP_TITLES.items():
        for entity in getattr(criteria, name):
            chips.append(Chip(f"{title}: {entity.name}", links.without(name, entity.key)))
    if criteria.focus:
        chips.append(Chip("Focus only", links.without("focus")))
    if criteria.match_all:
        chips.append(Chip("Match all", links.without("match")))
    if criteria.date_from:
        chips.append(Chip(f"From {criteria.date_from:%-d %b %Y}", links.without("date_from")))
    if criteria.date_to:
        chips.append(Chip(f"To {criteria.date_to:%-d %b %Y}", links.without("date_to")))
    if criteria.undated:
        chips.append(Chip("Undated only", links.without("undated")))
    if criteria.all_copies:
        chips.append(Chip("Every copy", links.without("copies")))
    return chips


def _suggestions(criteria: browse.ArticleCriteria, links: Links) -> list[tuple[str, str]]:
    """Return (label, url) for each filter whose removal might bring results back."""
    out = []
    if criteria.has_dates:
        out.append(("remove the date filter", links.without_many("date_from", "date_to")))
    if criteria.undated:
        out.append(("include dated articles", links.without("undated")))
    if criteria.match_all:
        out.append(("match any of the values instead of all", links.without("match")))
    if criteria.focus:
        out.append(("include articles where it is not the focus", links.without("focus")))
    for name, title in FACET_TITLES.items():
        if getattr(criteria, name):
            out.append((f"remove the {title.lower()} filter", links.without(name)))
    if criteria.q:
        out.append(("remove the search words", links.without("q")))
    return out


def _timeline_series(
    timeline: browse.Timeline, links: Links, criteria: browse.ArticleCriteria
) -> list[tuple]:
    """Return (period start, count, url of the list for that period) for the chart.

    A bar's link is its period within the list's own dates, so it opens exactly its count.
    """
    series = []
    for start, count in timeline.series:
        if timeline.granularity == "week":
            end = start + timedelta(days=6)
        else:
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        end = min(end, criteria.date_to) if criteria.date_to else end
        since = max(start, criteria.date_from) if criteria.date_from else start
        kept = [(k, v) for k, v in links.params if k not in ("date_from", "date_to", "undated")]
        url = Links.url([*kept, ("date_from", since.isoformat()), ("date_to", end.isoformat())])
        series.append((start, count, url))
    return series


def facet_url(criteria: browse.ArticleCriteria, links: Links, kind: str, key: str) -> str | None:
    """Return the link of an unchosen facet entry: the list narrowed to the matches carrying it.

    Its count is the matches carrying it, so the link must narrow: an entity of a kind
    already chosen is added with ``match=all`` (the same list while each kind has one
    value). None when that is impossible: a kind with several values matched with "any"
    typed by hand (adding one would widen the list, and ``match=all`` change it).
    """
    chosen = getattr(criteria, kind)
    if not chosen or criteria.match_all or kind == "source":
        return links.adding(kind, key)
    if any(len(getattr(criteria, k)) > 1 for k in browse.FACET_KINDS if k != "source"):
        return None
    return Links.url(
        [*[(k, v) for k, v in links.params if k != "match"], ("match", "all"), (kind, key)]
    )


def _counted_list(criteria: browse.ArticleCriteria, links: Links, kind: str, item, url: str) -> str:
    """Return the list a facet entry's count counts (a download's ``list`` column).

    An unchosen entry's link narrows to it: that list. A chosen entry's link removes it (a
    toggle), so its count's list is the current one narrowed to it instead: the current
    list with the kind's other values dropped (values of one kind match any of them, and
    outlets always do), or the current list itself when every value must match.
    """
    if not item.selected:
        return url
    if criteria.match_all and kind != "source":
        return Links.url([(k, v) for k, v in links.params if k != "page"])
    return Links.url(
        [(k, v) for k, v in links.params if k != "page" and not (k == kind and v != item.key)]
    )


def article_list(request):
    """List public articles by the filters of docs/architecture.md, with facets and a timeline."""
    filterset = ArticleFilterSet(request.GET)
    criteria = filterset.criteria
    sort = filterset.sort_order
    number = filterset.page_number
    links = Links(filterset.params())
    messages = list(filterset.ignored)
    if criteria.q and not search_words(criteria.q):
        messages.append(
            f"“{criteria.q[:60]}” has only words too common to search for (the, of, and…): "
            "no article is listed. Add a more specific word."
        )

    # Every number is exact: the count, facets and chart come from one index request.
    overview, found = browse.list_read(criteria=criteria, sort=sort, number=number)
    counts = browse.article_count(criteria=criteria, overview=overview)
    last_page = max(1, -(-counts.total // browse.PER_PAGE))
    past_last = past_last_page(requested=number, last=last_page, total=counts.total, url=links.page)
    if number > last_page:
        number, found = last_page, None
    page = browse.article_page(criteria=criteria, sort=sort, number=number, found=found)
    facets = browse.article_facets(criteria=criteria, overview=overview)
    timeline = browse.article_timeline(criteria=criteria, overview=overview)
    options = browse.filter_options()

    facet_groups, unnarrowable = [], False
    for kind in browse.FACET_KINDS:
        items = []
        for item in facets.items[kind]:
            url = (
                links.without(kind, item.key)
                if item.selected
                else facet_url(criteria, links, kind, item.key)
            )
            if url is not None:
                items.append((item, url))
            else:
                unnarrowable = True
        facet_groups.append((kind, FACET_TITLES[kind], items))
    chips = _chips(criteria, links)
    series = _timeline_series(timeline, links, criteria)
    timeline_title = f"Matching articles per {timeline.granularity}"
    offered = [
        downloads.timeline(
            request, title=timeline_title, series=series, granularity=timeline.granularity
        ),
        *(
            downloads.ranked(
                request,
                name=f"facet-{kind}",
                title=f"{title} in the matching articles",
                items=[
                    (
                        item.name,
                        item.key,
                        item.count,
                        _counted_list(criteria, links, kind, item, url),
                    )
                    for item, url in items
                ],
            )
            for kind, title, items in facet_groups
        ),
    ]
    filters = "; ".join(chip.label for chip in chips)
    if answer := downloads.respond(request, offered, filters=filters):
        return answer
    sorts = [("newest", "Newest"), ("oldest", "Oldest")]
    if criteria.q:
        sorts.append(("relevance", "Relevance"))
    context = {
        "filterset": filterset,
        "criteria": criteria,
        "messages_ignored": messages,
        "counts": counts,
        "page": page,
        "last_page": last_page,
        **past_last,
        **pagination_links(
            number=page.number, has_next=page.has_next, last=last_page, url=links.page
        ),
        "links": links,
        "chips": chips,
        "clear_url": "?",
        "suggestions": _suggestions(criteria, links),
        "facet_groups": facet_groups,
        "facets_unnarrowable": unnarrowable,
        "match_all_url": links.setting("match", "all"),
        "undated_url": links.without("undated")
        if criteria.undated
        else links.setting("undated", "1", drop=("date_from", "date_to")),
        "index_pending": results.pending(),
        "timeline": timeline,
        "timeline_series": series,
        "timeline_title": timeline_title,
        "timeline_note": _undated_note(criteria, counts.undated),
        "sort": sort,
        "sort_param": dict(links.params).get("sort", ""),
        "sorts": [(key, label, links.setting("sort", key)) for key, label in sorts],
        "copies_url": links.without("copies")
        if criteria.all_copies
        else links.setting("copies", "all"),
        "options": options,
        # This list as one series of /compare/ (its state URL-encoded in one ``s``).
        "compare_url": reverse("articles:compare")
        + "?"
        + urlencode([("s", urlencode(links.params))]),
        "selected": {kind: getattr(criteria, kind) for kind in FACET_TITLES},
    }
    return render(request, "articles/article_list.html", context)


def _undated_note(criteria, undated: int) -> str:
    """Return what the chart says of the listed articles it cannot show: the undated ones,
    which the list counts unless dates or "undated only" are chosen."""
    if not undated or criteria.undated or criteria.has_dates:
        return ""
    return f"{undated:,} undated article{pluralize(undated)} listed but not on the chart."


@require_GET
def article_suggest(request, kind):
    """Answer the type-ahead: countries or officials matching ``?q=`` as JSON."""
    kinds = {"countries": "country", "officials": "official"}
    if kind not in kinds:
        return JsonResponse({"error": "kind must be countries or officials"}, status=404)
    results = browse.entity_suggest(kind=kinds[kind], text=request.GET.get("q", ""))
    return JsonResponse({"results": results})
