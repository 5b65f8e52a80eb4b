"""The API docs page (/api/docs/): Swagger UI under the site's Content-Security-Policy.

drf-spectacular's default view writes its start-up script and a few CSS rules inline, which
the policy forbids. The "split" view serves that script from the same url with ``?script``
(a same-origin file, allowed by ``script-src 'self'``), and our template
(``templates/api/swagger_ui.html``) replaces the inline ``<style>`` with a static file.

The one directive this page needs beyond the site policy: Swagger UI's own stylesheet
draws its icons as ``data:`` SVG images, so ``img-src`` also allows ``data:`` here (images
only: ``data:`` stays forbidden for scripts, styles and frames).
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView

from newsroom.security_headers import CONTENT_SECURITY_POLICY, build_policy

DOCS_CONTENT_SECURITY_POLICY = build_policy({**CONTENT_SECURITY_POLICY, "img-src": "'self' data:"})


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script as a separate same-origin request."""

    template_name = "api/swagger_ui.html"
    throttle_classes = []  # describes the API, reads no data: not rate limited

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY
        return response
