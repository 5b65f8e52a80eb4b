"""Security headers (issue 17): CSP, Permissions-Policy and CORP on every kind of response,
and no inline script or style left in our templates."""

from __future__ import annotations

import re

import pytest

from newsroom.security_headers import CSP_HEADER
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def directives(value: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in value.split(";"))


def assert_security_headers(response, csp: str = CSP_HEADER) -> None:
    assert response["Content-Security-Policy"] == csp
    policy = directives(response["Content-Security-Policy"])
    for name in ("script-src", "style-src"):
        assert policy[name] == "'self'", name
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),  # a public page
        ("/articles/", 200),
        ("/api/", 200),  # an API response
        ("/api/schema/", 200),
        ("/admin/login/", 200),  # an admin page, anonymous
        ("/admin/", 302),  # the admin sends an anonymous visitor to its login page
        ("/articles", 301),  # APPEND_SLASH (CommonMiddleware)
        ("/no-such-page/", 404),
        ("/api/no-such-endpoint/", 404),
        ("/static/css/newsroom.css", 200),  # WhiteNoise answers before the view layer
    ],
)
def test_every_kind_of_response_has_the_headers(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_security_headers(response)


def test_logged_in_admin_page_has_the_headers(admin_client):
    response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_api_docs_page_has_the_policy_with_data_images_only(client):
    from articles.api.docs import DOCS_CONTENT_SECURITY_POLICY

    for url in ("/api/docs/", "/api/docs/?script="):
        response = client.get(url)
        assert response.status_code == 200
        assert_security_headers(response, csp=DOCS_CONTENT_SECURITY_POLICY)
        assert directives(response["Content-Security-Policy"])["img-src"] == "'self' data:"
    html = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert "<style" not in html


def test_permissions_policy_header_is_well_formed(client):
    value = client.get("/")["Permissions-Policy"]
    assert all(re.fullmatch(r"[a-z-]+=\(\)", item.strip()) for item in value.split(","))


# <script> without src= (an inline block), <style>, style="" attributes, on*="" handlers,
# javascript: urls: each would need 'unsafe-inline' (or a nonce/hash) under the policy.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_PATTERNS = {
    "inline <script>": INLINE_SCRIPT,
    "<style>": re.compile(r"<style\b", re.IGNORECASE),
    "style= attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "on… handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: url": re.compile(r"javascript:", re.IGNORECASE),
}
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def test_the_template_scan_sees_our_templates():
    names = {p.relative_to(ROOT / "templates").as_posix() for p in TEMPLATES}
    assert {"base.html", "admin/articles/official/candidates.html", "api/swagger_ui.html"} <= names


@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        ("<script>alert(1)</script>", "inline <script>"),
        ('<script type="module">x()</script>', "inline <script>"),
        ("<style>p{}</style>", "<style>"),
        ('<p style="color:red">', "style= attribute"),
        ('<a onclick="x()">', "on… handler"),
        ('<body onload="x()">', "on… handler"),
        ('<a href="javascript:x()">', "javascript: url"),
    ],
)
def test_the_scan_catches_each_kind_of_inline_code(sample, kind):
    assert INLINE_PATTERNS[kind].search(sample)


@pytest.mark.parametrize(
    "sample",
    [
        '<script src="/static/js/list.js" defer></script>',
        '<link rel="stylesheet" href="/static/css/newsroom.css">',
        '<div class="stylish" data-onclick-target="x">',
    ],
)
def test_the_scan_lets_files_through(sample):
    assert not any(pattern.search(sample) for pattern in INLINE_PATTERNS.values())


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda p: p.relative_to(ROOT / "templates").as_posix()
)
def test_no_inline_script_or_style_in_our_templates(template):
    text = template.read_text(encoding="utf-8")
    found = [kind for kind, pattern in INLINE_PATTERNS.items() if pattern.search(text)]
    assert not found, f"{template}: {found}"
