"""Rate limits for anonymous API clients, read from settings at each request."""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from newsroom.client_ip import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """Limit anonymous clients per address, at ``DEFAULT_THROTTLE_RATES["anon"]``.

    DRF's own class copies the rates once, at import; reading them per request lets
    deployments and tests change ``REST_FRAMEWORK`` with the usual settings machinery.
    The counts live in the "shared" cache, which every server process sees: in the
    per-process default cache, each gunicorn worker would grant the whole rate.
    """

    @property
    def cache(self):
        return caches["shared"]  # per thread, as Django hands out cache connections

    def get_ident(self, request):
        """The client's address, behind ``DJANGO_TRUSTED_PROXIES`` the one they forward."""
        return client_ip(request)

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
