"""Public pages. Views stay thin: selectors read, templates render.

``lists`` holds the filtered article list and its type-ahead suggestions; ``exports`` and
``feeds`` share its FilterSet; ``pages`` the home, detail and index pages; ``network``
who appears with whom in a list.
"""

from .lists import article_list
from .network import network_page
from .outlets import organization_detail, organization_list, source_detail, source_list
from .pages import (
    article_detail,
    country_detail,
    country_list,
    home,
    official_detail,
    official_list,
    topic_detail,
    topic_list,
)

__all__ = [
    "article_detail",
    "article_list",
    "country_detail",
    "country_list",
    "home",
    "network_page",
    "official_detail",
    "official_list",
    "organization_detail",
    "organization_list",
    "source_detail",
    "source_list",
    "topic_detail",
    "topic_list",
]
