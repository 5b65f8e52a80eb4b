"""Request middleware of the articles app."""

from articles.search.indexing import request_synced


class SearchIndexMiddleware:
    """Let a request look at the search index's queue once, however many reads it makes.

    The first read of the index in a request indexes what changed since (bounded, see
    ``indexing.sync_for_page``); later reads in the same request skip that check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_synced.set(False)
        try:
            return self.get_response(request)
        finally:
            request_synced.reset(token)
