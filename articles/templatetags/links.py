"""``{% load links %}``: ``url|safe_link`` is the url when it may be an ``href``, else None.

``value|visible`` shows an imported raw value (a url that is not linked) with its control
and bidi formatting characters written as ``[U+XXXX]`` markers.

Use it for every link to an imported url (an article's original), and show the url as
plain text when it gives None::

    {% with link=article.url|safe_link %}{% if link %}<a href="{{ link }}">…</a>{% else %}{{ article.url|visible }}{% endif %}{% endwith %}
"""

from __future__ import annotations

from django import template

from articles.safe_links import safe_link as _safe_link
from articles.safe_links import visible_text

register = template.Library()


@register.filter
def safe_link(url):
    return _safe_link(url)


@register.filter
def visible(value):
    return visible_text(value)
