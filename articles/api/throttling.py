"""Rate limits for anonymous API clients, read from settings at each request."""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from articles.services import limits
from newsroom.client_ip import client_ip


class AnonymousRateThrottle(BaseThrottle):
    """Limit anonymous clients per address, at ``DEFAULT_THROTTLE_RATES["anon"]``.

    Counted like the pages' limit (``articles.services.limits.hit``): one round trip a
    request, to Redis when ``REDIS_URL`` is set, else one upsert in PostgreSQL, and shared
    by every gunicorn worker and node (DRF's own throttle keeps a history per client in a
    cache: six database queries a request with the database cache). Fixed windows: over
    the rate, 429 with Retry-After the seconds left in the window. The rate is read per
    request, so deployments and tests change ``REST_FRAMEWORK`` with the usual settings.
    """

    scope = "anon"

    def allow_request(self, request, view) -> bool:
        self._wait = None
        rate = limits.parse_rate(api_settings.DEFAULT_THROTTLE_RATES.get(self.scope))
        if rate is None:
            return True
        self._wait = limits.hit(f"api:{self.get_ident(request)}", rate)
        return self._wait is None

    def get_ident(self, request):
        """The client's address, behind ``DJANGO_TRUSTED_PROXIES`` the one they forward."""
        return client_ip(request)

    def wait(self) -> float | None:
        return self._wait
