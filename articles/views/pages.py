"""Home, article, country, official and topic pages. Selectors read; views stay thin."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles import selectors
from articles.choices import OfficialStatus
from articles.selectors import pages as reads
from articles.selectors.browse import Entity
from articles.views.network import entity_network

from . import downloads
from .lists import CHIP_TITLES, FACET_TITLES, Links
from .pagination import page_param, pagination_links, past_last_page


def _list_url(*params: tuple[str, str]) -> str:
    """Return the /articles/ permalink for ``params``."""
    return reverse("articles:article_list") + ("?" + urlencode(params) if params else "")


def _together_links(coverage, kind: str, key: str) -> None:
    """Link each entry covered together with an entity to the list of both entities.

    An entry of the entity's own kind needs ``match=all`` (both, not either), so each
    count is exactly the size of the list its link opens.
    """
    for items in coverage.together.values():
        for item in items:
            params = [(kind, key), (item.kind, item.key)]
            if item.kind == kind:
                params.append(("match", "all"))
            item.list_url = _list_url(*params)


def _month_series(series, *params: tuple[str, str]) -> list[tuple]:
    """Return (month, count, url of that month's list) for the chart."""
    out = []
    for month, count in series:
        following = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
        last = following.fromordinal(following.toordinal() - 1)
        url = _list_url(*params, ("date_from", month.isoformat()), ("date_to", last.isoformat()))
        out.append((month, count, url))
    return out


def home(request):
    """Show the search box, the country picker, the latest articles and what is rising."""
    rising = reads.rising()
    if rising.anchor:
        # The window's whole days: each count is exactly its list's.
        week = (("date_from", rising.first_day.isoformat()),)
        week += (("date_to", rising.last_day.isoformat()),)
        for items in rising.items.values():
            for item in items:
                item.list_url = _list_url((item.kind, item.key), *week)
    return render(
        request,
        "articles/home.html",
        {
            "counts": reads.corpus_counts(),
            "latest": reads.latest_articles(limit=10),
            "countries": reads.country_choices(),
            "rising": rising,
            "rising_groups": [
                ("country", "Countries", rising.items.get("country", [])),
                ("official", "Officials", rising.items.get("official", [])),
                ("topic", "Topics", rising.items.get("topic", [])),
            ],
        },
    )


def article_detail(request, pk, slug=None):
    """Show one article with its entities highlighted; a wrong slug redirects."""
    article = get_object_or_404(selectors.article_public_queryset(), pk=pk)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "detail": reads.article_detail(article=article)},
    )


def country_list(request):
    """List every country by region; ``?q=`` finds one by any of its names.

    A text that names one country opens its page; an ambiguous one ("Korea", "Congo")
    lists every candidate, most covered first.
    """
    text = request.GET.get("q", "").strip()[:100]
    hits = reads.country_search(text=text) if text else []
    named = reads.country_search_redirect(hits)
    if named is not None:
        return redirect(named)
    return render(
        request,
        "articles/country_list.html",
        {"q": text, "hits": hits, "regions": reads.country_index()},
    )


def _render_entity(request, template: str, context: dict):
    """Render an entity page, or answer the download of one of its charts or tables.

    Its timeline downloads as ``timeline``, each ranked section as ``facet-<kind>``.
    """
    entity, kind, coverage = context["entity"], context["kind"], context["coverage"]
    offered = [
        downloads.timeline(
            request,
            title=f"{entity.name}: articles per month",
            series=context["chart_series"],
            granularity="month",
        ),
        *(
            downloads.ranked(
                request,
                name=f"facet-{other}",
                title=f"{entity.name}: {FACET_TITLES[other].lower()} in its articles",
                items=[(i.name, i.key, i.count, i.list_url) for i in items],
            )
            for other, items in coverage.together.items()
        ),
    ]
    filters = f"{CHIP_TITLES[kind]}: {entity.name}"
    if answer := downloads.respond(request, offered, filters=filters):
        return answer
    return render(request, template, context)


def _entity_page(
    kind: str, entity: Entity, kinds: tuple[str, ...], *, recent_focus: bool = False, **options
) -> dict:
    """What every entity page shows (``articles/entity_detail.html``): the entity, its
    coverage (timeline and ranked ``kinds`` seen with it), its newest articles (with
    ``recent_focus``, those where it is a focus, with their list's size and link)."""
    coverage = reads.entity_coverage(kind=kind, entity=entity, kinds=kinds, **options)
    _together_links(coverage, kind, entity.key)
    return {
        "kind": kind,
        "entity": entity,
        "coverage": coverage,
        "chart_series": _month_series(coverage.series, (kind, entity.key)),
        **(
            _recent_focus(kind, entity)
            if recent_focus
            else {"recent": reads.entity_recent(kind=kind, entity=entity)}
        ),
        "all_url": _list_url((kind, entity.key)),
        "feed_url": f"{reverse('articles:article_feed')}?{kind}={quote(entity.key, safe='/')}",
    }


def _recent_focus(kind: str, entity: Entity) -> dict:
    """Return the newest articles where the entity is a focus, and the size of their list."""
    recent = reads.entity_recent_read(kind=kind, entity=entity, focus=True)
    return {
        "recent": recent.rows,
        "recent_focus": {
            "total": recent.total,
            "url": _list_url((kind, entity.key), ("focus", "1")),
        },
    }


def country_detail(request, iso2):
    """Show a country's coverage: timeline, its officials, co-covered countries, topics."""
    if len(iso2) != 2 or not iso2.isalpha():
        raise Http404("Unknown country code")
    country = reads.country_get(iso2=iso2)
    if country is None:
        raise Http404("Unknown country code")
    key = country.iso2.lower()
    return _render_entity(
        request,
        "articles/country_detail.html",
        {
            "country": country,
            "aliases": sorted(
                {a.alias for a in country.aliases.all() if not a.blocked} - {country.name}
            ),
            **_entity_page(
                "country",
                Entity(country.pk, key, country.name),
                ("country", "official", "topic"),
                own_country=country.pk,
                # Lead with the articles about the country, not its passing mentions.
                recent_focus=True,
            ),
            "focus_url": _list_url(("country", key), ("focus", "1")),
            **entity_network("country", Entity(country.pk, key, country.name)),
        },
    )


def _official_filters(query) -> tuple[dict, list[tuple[str, str]], list[str]]:
    """Parse the officials index's ``country``, ``kind`` and ``sort``.

    Return the selector's arguments, the canonical parameters (empty and default values
    left out) and a message for each value ignored.
    """
    options: dict = {"country": None, "kind": None, "sort": "coverage"}
    params: list[tuple[str, str]] = []
    ignored: list[str] = []
    code = query.get("country", "").strip()
    if code:
        country = reads.country_get(iso2=code) if len(code) == 2 and code.isalpha() else None
        if country is None:
            ignored.append(f"Ignored country: “{code[:20]}” is not a country code (e.g. sy).")
        else:
            options["country"] = country
            params.append(("country", country.iso2.lower()))
    kind = query.get("kind", "").strip()
    if kind:
        if kind in reads.OFFICIAL_KINDS:
            options["kind"] = kind
            params.append(("kind", kind))
        else:
            known = ", ".join(reads.OFFICIAL_KINDS)
            ignored.append(f"Ignored kind: “{kind[:20]}” is not one of {known}.")
    sort = query.get("sort", "").strip()
    if sort:
        if sort in reads.OFFICIAL_SORTS:
            options["sort"] = sort
            if sort != next(iter(reads.OFFICIAL_SORTS)):
                params.append(("sort", sort))
        else:
            known = ", ".join(reads.OFFICIAL_SORTS)
            ignored.append(f"Ignored sort: “{sort[:20]}” is not one of {known}.")
    return options, params, ignored


def _pairs(url: str) -> list[tuple[str, str]]:
    """Return the parameters of a ``?…`` link, in order."""
    return parse_qsl(url.lstrip("?"), keep_blank_values=True)


def official_list(request):
    """List officials, most covered first (or by name), filtered by country and kind of
    post; ``?q=`` finds officials (candidates too) by name. Every state is a permalink."""
    text = request.GET.get("q", "").strip()[:100]
    options, params, ignored = _official_filters(request.GET)
    number, bad_page = page_param(request.GET.get("page"))
    ignored += [bad_page] if bad_page else []
    paginator = Paginator(reads.official_index(text=text, **options), 100)
    last = paginator.num_pages
    links = Links(([("q", text)] if text else []) + params)
    # The form sends every field, empty or default ones too: answer with the permalink.
    canonical = links.page(number)
    asked = [(k, v) for k, values in request.GET.lists() for v in values]
    if not ignored and sorted(asked) != sorted(_pairs(canonical)):
        return redirect(reverse("articles:official_list") + (canonical if canonical != "?" else ""))
    past_last = past_last_page(requested=number, last=last, total=paginator.count, url=links.page)
    page = paginator.page(min(number, last))
    paging = pagination_links(
        number=page.number, has_next=page.has_next(), last=last, url=links.page
    )
    return render(
        request,
        "articles/official_list.html",
        {
            "page": page,
            "q": text,
            "options": options,
            "filtered": bool(params and any(k != "sort" for k, _ in params)),
            "clear_url": Links([("q", text)] if text else []).current(),
            "kinds": [(key, label) for key, (label, _) in reads.OFFICIAL_KINDS.items()],
            "sorts": list(reads.OFFICIAL_SORTS.items()),
            "countries": reads.country_choices(),
            "messages_ignored": ignored,
            **past_last,
            **paging,
        },
    )


def official_detail(request, slug):
    """Show an official: aliases, posts, coverage; merged officials redirect."""
    official = reads.official_get(slug=slug)
    if official is None or official.status == OfficialStatus.REJECTED:
        raise Http404("Unknown official")
    if official.merged_into_id:
        return redirect(official.merged_into, permanent=False)
    aliases = sorted(
        {a.alias for a in official.aliases.all() if not a.blocked and a.alias != official.name}
    )
    return _render_entity(
        request,
        "articles/official_detail.html",
        {
            "official": official,
            "aliases": aliases,
            "appointments": list(official.appointments.all()),
            **_entity_page(
                "official",
                Entity(official.pk, official.slug, official.name),
                ("official", "country", "topic"),
            ),
            "unconfirmed": official.status == OfficialStatus.CANDIDATE,
            **entity_network("official", Entity(official.pk, official.slug, official.name)),
        },
    )


def topic_list(request):
    """List the topic taxonomy with article counts."""
    return render(request, "articles/topic_list.html", {"topics": reads.topic_index()})


def topic_detail(request, slug):
    """Show a topic's coverage: timeline, countries and officials, recent articles."""
    topic = reads.topic_get(slug=slug)
    if topic is None:
        raise Http404("Unknown topic")
    return _render_entity(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "children": list(topic.children.order_by("name")),
            **_entity_page(
                "topic", Entity(topic.pk, topic.slug, topic.name), ("topic", "country", "official")
            ),
        },
    )
