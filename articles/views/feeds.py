"""``/articles/feed.atom``: the newest 50 articles of any filtered view, as an Atom feed."""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.xmlutils import SimplerXMLGenerator

from articles.filtersets import ArticleFilterSet
from articles.models import Article
from articles.selectors.export import article_feed_rows
from articles.views.exports import filter_errors_response
from articles.views.lists import CHIP_TITLES, Links

FEED_SIZE = 50

# Characters XML 1.0 cannot carry (tab, newline and carriage return it can): C0 controls,
# lone surrogates, U+FFFE and U+FFFF. Django's generator raises on the controls.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """Return ``value`` without the characters XML 1.0 cannot carry (None stays None)."""
    return NOT_XML.sub("", value) if isinstance(value, str) else value


class _XMLTextGenerator(SimplerXMLGenerator):
    """Write every text and attribute value through ``xml_text``."""

    def characters(self, content):
        super().characters(xml_text(content))

    def startElement(self, name, attrs):
        super().startElement(name, {k: xml_text(v) for k, v in (attrs or {}).items()})


class CleanAtom1Feed(Atom1Feed):
    """Atom 1.0 that drops, rather than fails on, characters XML 1.0 cannot carry.

    Titles, bylines, source names and bodies come from imported text, and the feed's
    title echoes the query: a stray U+0001 in any of them made Django raise (a 500).
    """

    def write(self, outfile, encoding):
        handler = _XMLTextGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class ArticleFeed(Feed):
    """The filtered list's newest articles: title, link, date, summary, categories.

    Categories are the article's countries and topics, by name. Bad parameters answer 400
    (a feed reader would otherwise follow a different list than the one subscribed to).
    """

    feed_type = CleanAtom1Feed

    def __call__(self, request, *args, **kwargs):
        filterset = ArticleFilterSet(request.GET)
        if refused := filter_errors_response(filterset, "feed", ignore=("page", "sort")):
            return refused
        request.article_filterset = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.article_filterset

    def title(self, filterset):
        criteria = filterset.criteria
        parts = [f"“{criteria.q}”"] if criteria.q else []
        for name, label in CHIP_TITLES.items():
            names = [e.name for e in getattr(criteria, name)]
            if names:
                parts.append(f"{label}: {', '.join(names)}")
        if criteria.date_from:
            parts.append(f"from {criteria.date_from.isoformat()}")
        if criteria.date_to:
            parts.append(f"to {criteria.date_to.isoformat()}")
        return "Newsroom — " + ("; ".join(parts) if parts else "latest articles")

    def link(self, filterset):
        params = [(k, v) for k, v in filterset.params() if k != "sort"]
        return reverse("articles:article_list") + (Links.url(params) if params else "")

    def subtitle(self, filterset):
        return f"The newest {FEED_SIZE} articles of this list."

    def feed_url(self, filterset):
        params = [(k, v) for k, v in filterset.params() if k != "sort"]
        return reverse("articles:article_feed") + (Links.url(params) if params else "")

    def items(self, filterset):
        return article_feed_rows(criteria=filterset.criteria, limit=FEED_SIZE)

    def item_title(self, item):
        return item["title"]

    def item_link(self, item):
        return Article(pk=item["id"], title=item["title"]).get_absolute_url()

    def item_description(self, item):
        return Truncator(item["summary"] or "").chars(600)

    def item_pubdate(self, item):
        return item["published_at"]

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry; undated articles give their import time.
        return item["published_at"] or item["created_at"]

    def item_author_name(self, item):
        return item["source_name"]

    def item_categories(self, item):
        return [*item["country_names"], *item["topic_names"]]
