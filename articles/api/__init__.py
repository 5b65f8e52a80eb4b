"""The read-only JSON API (Django REST Framework): serializers, views, urls.

Articles are filtered by the list page's ``ArticleFilterSet`` and read through
``articles.selectors.export``, so a set of parameters means the same thing here as on
``/articles/``, in the exports and in the feed.
"""
