"""The filtered article list: its criteria, rows, exact count, facets and timeline.

Which articles match, in which order, and every number about them (the count, each facet
entry, each timeline bar) come from the search index (``articles.search``), over every
match: nothing is capped or sampled. PostgreSQL then reads just the page's rows (and the
entity names of the facet entries shown).

A facet entry's number is exactly the size of the list its link opens: the entries of a
kind are counted over the current matches, and following one narrows the list to the
matches that also carry it (``facet_links`` in ``views.lists``). The source entries of a
one-row-per-story list count every copy, because a source filter lists every copy.

The module is a package of four: ``criteria`` (what the list is filtered by, and
PostgreSQL's reference filter), ``rows`` (the count and a page's rows), ``overview``
(facets and timeline) and ``options`` (the filter form's choices and suggestions). Its
names are re-exported here for the pages, the API and the commands.
"""

from .criteria import (
    ENTITY_KINDS,
    FACET_KINDS,
    FOCUS_KINDS,
    NEWEST,
    OLDEST,
    ArticleCriteria,
    Entity,
    article_filter,
    entity_resolve,
    story_filter,
)
from .options import entity_suggest, filter_options
from .overview import (
    FACET_LIMIT,
    FacetItem,
    Facets,
    Timeline,
    _period,
    article_facets,
    article_timeline,
    fill_periods,
    granularity_of,
    list_overview,
    list_read,
    source_facet_leads,
)
from .rows import (
    PER_PAGE,
    ROW_COUNTRIES,
    CountResult,
    Page,
    article_count,
    article_page,
    page_rows,
    row_countries_prefetch,
    row_countries_set,
    snippet_html,
)

__all__ = [
    "ENTITY_KINDS",
    "FACET_KINDS",
    "FACET_LIMIT",
    "FOCUS_KINDS",
    "NEWEST",
    "OLDEST",
    "PER_PAGE",
    "ROW_COUNTRIES",
    "ArticleCriteria",
    "CountResult",
    "Entity",
    "FacetItem",
    "Facets",
    "Page",
    "Timeline",
    "_period",
    "article_count",
    "article_facets",
    "article_filter",
    "article_page",
    "article_timeline",
    "entity_resolve",
    "entity_suggest",
    "fill_periods",
    "filter_options",
    "granularity_of",
    "list_overview",
    "list_read",
    "page_rows",
    "row_countries_prefetch",
    "row_countries_set",
    "snippet_html",
    "source_facet_leads",
    "story_filter",
]
