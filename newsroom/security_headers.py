"""Security headers on every response (issue 17): Content-Security-Policy,
Permissions-Policy and Cross-Origin-Resource-Policy.

The middleware sits first in ``MIDDLEWARE``, so it also covers the responses produced by the
middleware below it: WhiteNoise's static files, CommonMiddleware's slash redirects, the
admin's login redirects, 404/500 pages and whatever a later middleware answers (429, …).

The policy allows no inline script or style anywhere: every script and stylesheet is a file
under ``/static/``. A view that needs something else sets its own
``Content-Security-Policy`` header on the response, which this middleware then leaves
alone (only the API docs page does, see ``articles.api.docs``).
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# Browser features the site never uses, denied to it and to anything it might embed.
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    "()",
)


def build_policy(directives: dict[str, str]) -> str:
    """Return ``directives`` as a header value: ``name value; name value``."""
    return "; ".join(f"{name} {value}" for name, value in directives.items())


CSP_HEADER = build_policy(CONTENT_SECURITY_POLICY)
PERMISSIONS_HEADER = ", ".join(
    f"{feature}={value}" for feature, value in PERMISSIONS_POLICY.items()
)


class SecurityHeadersMiddleware:
    """Add the three headers to every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP_HEADER)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_HEADER)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
