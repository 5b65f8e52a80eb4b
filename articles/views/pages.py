"""Home, detail and index pages."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from articles import selectors
from articles.models import Country, Official, Topic


def home(request):
    """Show what is loaded, the latest articles and the country list."""
    return render(
        request,
        "articles/home.html",
        {
            "counts": selectors.corpus_counts(),
            "latest": selectors.article_latest(limit=10),
            "regions": selectors.countries_by_region(),
        },
    )


def article_detail(request, pk, slug=None):
    """Show one article; a wrong or missing slug redirects to the canonical URL."""
    article = get_object_or_404(selectors.article_public_queryset(), pk=pk)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def country_list(request):
    """List every country grouped by region."""
    return render(
        request, "articles/country_list.html", {"regions": selectors.countries_by_region()}
    )


def country_detail(request, iso2):
    """Show a country and its aliases."""
    country = get_object_or_404(Country.objects.prefetch_related("aliases"), iso2=iso2.upper())
    return render(request, "articles/country_detail.html", {"country": country})


def official_list(request):
    """List confirmed officials by name."""
    page = Paginator(Official.objects.filter(status="confirmed").only("name", "slug"), 100)
    return render(
        request, "articles/official_list.html", {"page": page.get_page(request.GET.get("page"))}
    )


def official_detail(request, slug):
    """Show an official with aliases and appointments; merged officials redirect."""
    official = get_object_or_404(Official, slug=slug)
    if official.merged_into_id:
        return redirect(official.merged_into, permanent=False)
    appointments = official.appointments.select_related("country", "organisation")
    return render(
        request,
        "articles/official_detail.html",
        {"official": official, "aliases": official.aliases.all(), "appointments": appointments},
    )


def topic_list(request):
    """List the topic taxonomy."""
    return render(request, "articles/topic_list.html", {"topics": Topic.objects.all()})


def topic_detail(request, slug):
    """Show a topic and its rules."""
    topic = get_object_or_404(Topic, slug=slug)
    return render(
        request, "articles/topic_detail.html", {"topic": topic, "rules": topic.rules.all()}
    )
