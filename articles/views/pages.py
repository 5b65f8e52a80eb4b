"""Home, article, country, official and topic pages. Selectors read; views stay thin."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from articles import selectors
from articles.choices import OfficialStatus
from articles.selectors import pages as reads
from articles.selectors.browse import Entity
from articles.views.network import entity_network

from .lists import Links
from .pagination import pagination_links


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
        week = (("date_from", rising.week_start.date().isoformat()),)
        week += (("date_to", rising.anchor.date().isoformat()),)
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
    """List every country by region; ``?q=`` finds one by any of its names."""
    text = request.GET.get("q", "").strip()[:100]
    hits = reads.country_search(text=text) if text else []
    exact = [h for h in hits if h.exact]
    if text and len(exact) == 1:
        return redirect(exact[0].country)
    return render(
        request,
        "articles/country_list.html",
        {"q": text, "hits": hits, "regions": reads.country_index()},
    )


def _entity_page(kind: str, entity: Entity, kinds: tuple[str, ...], **options) -> dict:
    """What every entity page shows (``articles/entity_detail.html``): the entity, its
    coverage (timeline and ranked ``kinds`` seen with it), its newest articles."""
    coverage = reads.entity_coverage(kind=kind, entity=entity, kinds=kinds, **options)
    _together_links(coverage, kind, entity.key)
    return {
        "entity": entity,
        "coverage": coverage,
        "chart_series": _month_series(coverage.series, (kind, entity.key)),
        "recent": reads.entity_recent(kind=kind, entity=entity),
        "all_url": _list_url((kind, entity.key)),
        "feed_url": f"{reverse('articles:article_feed')}?{kind}={quote(entity.key, safe='/')}",
    }


def country_detail(request, iso2):
    """Show a country's coverage: timeline, its officials, co-covered countries, topics."""
    if len(iso2) != 2 or not iso2.isalpha():
        raise Http404("Unknown country code")
    country = reads.country_get(iso2=iso2)
    if country is None:
        raise Http404("Unknown country code")
    key = country.iso2.lower()
    return render(
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
            ),
            "focus_url": _list_url(("country", key), ("focus", "1")),
            **entity_network("country", Entity(country.pk, key, country.name)),
        },
    )


def official_list(request):
    """List confirmed officials by name; ``?q=`` finds officials (candidates too) by name."""
    text = request.GET.get("q", "").strip()[:100]
    page = Paginator(reads.official_index(text=text), 100).get_page(request.GET.get("page"))
    links = Links([("q", text)] if text else [])
    paging = pagination_links(
        number=page.number,
        has_next=page.has_next(),
        last=page.paginator.num_pages,
        url=links.page,
    )
    return render(request, "articles/official_list.html", {"page": page, "q": text, **paging})


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
    return render(
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
    return render(
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
