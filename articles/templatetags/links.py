"""``{% load links %}``: ``url|safe_link`` is the url when it may be an ``href``, else None.

Use it for every link to an imported url (an article's original), and show the url as
plain text when it gives None::

    {% with link=article.url|safe_link %}{% if link %}<a href="{{ link }}">…</a>{% else %}{{ article.url }}{% endif %}{% endwith %}
"""

from __future__ import annotations

from django import template

from articles.safe_links import safe_link as _safe_link

register = template.Library()


@register.filter
def safe_link(url):
    return _safe_link(url)
