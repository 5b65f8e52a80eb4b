"""The filtered article list."""

from django.core.paginator import Paginator
from django.shortcuts import render

from articles import selectors


def article_list(request):
    """List public articles, newest first."""
    page = Paginator(selectors.article_public_queryset(), 25).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page": page})
