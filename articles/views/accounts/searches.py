"""Saved searches: save a list state, list and edit them, their feeds, unsubscribing."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.choices import DigestFrequency
from articles.filtersets import ArticleFilterSet
from articles.models import SavedSearch
from articles.search import results
from articles.selectors.browse import ArticleCriteria
from articles.selectors.readers import saved_search_get, saved_search_of, saved_searches_of
from articles.services.readers import (
    digest_unsubscribe,
    feed_token_make,
    feed_token_read,
    reader_is_confirmed,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
    unsubscribe_token_read,
)
from articles.views.feeds import ArticleFeed
from articles.views.lists import CHIP_TITLES

from .forms import EditSearchForm, SaveSearchForm


def canonical_query(query: str) -> tuple[str, ArticleFilterSet]:
    """Return a list state's canonical query string (no page) and its FilterSet."""
    filterset = ArticleFilterSet(QueryDict(query or ""))
    params = [(k, v) for k, v in filterset.params() if k != "page"]
    return urlencode(params), filterset


def search_name(criteria: ArticleCriteria) -> str:
    """Return a suggested name for a list state: its search words and filters."""
    parts = [f"“{criteria.q}”"] if criteria.q else []
    for name, label in CHIP_TITLES.items():
        names = [e.name for e in getattr(criteria, name)]
        if names:
            parts.append(f"{label}: {', '.join(names)}")
    if criteria.date_from:
        parts.append(f"from {criteria.date_from.isoformat()}")
    if criteria.date_to:
        parts.append(f"to {criteria.date_to.isoformat()}")
    return ("; ".join(parts) or "All articles")[:100]


def list_url(search: SavedSearch) -> str:
    return reverse("articles:article_list") + ("?" + search.query if search.query else "")


@dataclass
class Row:
    """A saved search as "My searches" shows it."""

    search: SavedSearch
    summary: str
    count: int
    list_url: str
    feed_url: str
    form: EditSearchForm
    ignored: list[str]


@never_cache
@login_required
def searches(request):
    """List the reader's saved searches: count now, digest, feed, edit and delete."""
    rows = []
    for search in saved_searches_of(user=request.user):
        _, filterset = canonical_query(search.query)
        criteria = filterset.criteria
        rows.append(
            Row(
                search=search,
                summary=search_name(criteria),
                count=results.count(criteria),
                list_url=list_url(search),
                feed_url=reverse(
                    "accounts:search_feed", args=[feed_token_make(saved_search=search)]
                ),
                form=EditSearchForm(
                    initial={"name": search.name, "frequency": search.frequency},
                    prefix=f"s{search.pk}",
                ),
                ignored=filterset.ignored,
            )
        )
    context = {
        "rows": rows,
        "confirmed": reader_is_confirmed(user=request.user),
    }
    return render(request, "accounts/searches.html", context)


@never_cache
@login_required
@require_POST
def search_create(request):
    """Save the list state posted from the list page under a name."""
    form = SaveSearchForm(request.POST)
    query, filterset = canonical_query(request.POST.get("query", ""))
    back = reverse("articles:article_list") + ("?" + query if query else "")
    if not form.is_valid():
        messages.error(request, "Give the search a name to save it.")
        return redirect(back)
    try:
        search = saved_search_create(user=request.user, name=form.cleaned_data["name"], query=query)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request, f"Saved “{search.name}”. Choose a daily or weekly email of its new articles here."
    )
    return redirect(reverse("accounts:searches") + f"#search-{search.pk}")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def search_edit(request, pk: int):
    """Rename a saved search or set its digest (the form "My searches" shows per row)."""
    search = saved_search_of(user=request.user, pk=pk)
    if search is None:
        raise Http404("No saved search of yours has this number.")
    prefix = f"s{search.pk}"
    form = EditSearchForm(
        request.POST or None,
        initial={"name": search.name, "frequency": search.frequency},
        prefix=prefix,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved_search_update(
                saved_search=search,
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            note = ""
            if search.frequency != DigestFrequency.NONE and not reader_is_confirmed(
                user=request.user
            ):
                note = " It starts once you confirm your address."
            messages.success(request, f"Saved “{search.name}”: {_digest_phrase(search)}.{note}")
            return redirect(reverse("accounts:searches") + f"#search-{search.pk}")
    context = {"search": search, "form": form, "list_url": list_url(search)}
    return render(request, "accounts/search_edit.html", context, status=400 if form.errors else 200)


def _digest_phrase(search: SavedSearch) -> str:
    if search.frequency == DigestFrequency.NONE:
        return "no email"
    return f"a {search.get_frequency_display().lower()} email of its new articles"


@never_cache
@login_required
@require_POST
def search_delete(request, pk: int):
    """Delete a saved search (its feed and digest stop with it)."""
    search = saved_search_of(user=request.user, pk=pk)
    if search is None:
        raise Http404("No saved search of yours has this number.")
    name = search.name
    saved_search_delete(saved_search=search)
    messages.success(request, f"Deleted “{name}”.")
    return redirect("accounts:searches")


class SavedSearchFeed(ArticleFeed):
    """A saved search's newest articles as Atom, at an unguessable URL (no sign-in)."""

    def __call__(self, request, token: str):
        pk = feed_token_read(token)
        search = saved_search_get(pk=pk) if pk is not None else None
        if search is None:
            raise Http404("This feed's link is not valid, or its search was deleted.")
        filterset = ArticleFilterSet(QueryDict(search.query))
        filterset.saved_search = search
        filterset.token = token
        request.article_filterset = filterset
        response = super(ArticleFeed, self).__call__(request, token=token)
        # Never kept by the page cache: a renamed or deleted search must show at once.
        response["Cache-Control"] = "private, no-cache"
        return response

    def title(self, filterset):
        return f"Newsroom — {filterset.saved_search.name}"

    def subtitle(self, filterset):
        return f"The newest articles of the saved search “{filterset.saved_search.name}”."

    def feed_url(self, filterset):
        return reverse("accounts:search_feed", args=[filterset.token])


@csrf_exempt  # the signed token is the authority; RFC 8058 one-click POSTs carry no CSRF
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """Stop a saved search's digest from the mailed link: no sign-in, one click.

    GET (the link in the mail) and POST (a mail client's RFC 8058 one-click) both turn the
    digest off; the page offers to turn it back on (POST ``resume``).
    """
    pk = unsubscribe_token_read(token)
    search = saved_search_get(pk=pk) if pk is not None else None
    if search is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=400)
    resumed = None
    if request.method == "POST" and request.POST.get("resume") in (
        DigestFrequency.DAILY,
        DigestFrequency.WEEKLY,
    ):
        saved_search_update(saved_search=search, name=search.name, frequency=request.POST["resume"])
        resumed = search.get_frequency_display().lower()
        was = None
    else:
        was = search.frequency
        digest_unsubscribe(saved_search=search)
    context = {
        "search": search,
        "was": was if was != DigestFrequency.NONE else None,
        "resumed": resumed,
        "token": token,
    }
    return render(request, "accounts/unsubscribe.html", context)
