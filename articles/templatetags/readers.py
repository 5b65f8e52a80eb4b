"""Template tags of readers' accounts."""

from __future__ import annotations

from django import template

from articles.selectors.readers import saved_search_by_query

register = template.Library()


@register.simple_tag
def saved_as(user, query: str):
    """Return the signed-in reader's saved search of exactly this list state, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return saved_search_by_query(user=user, query=query.lstrip("?"))
