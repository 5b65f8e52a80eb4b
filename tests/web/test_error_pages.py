"""404 and 500 pages wear the site's layout: navigation, one h1 and a search box, instead of
Django's bare "Not Found" text (issue 19's polish list).
"""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def assert_site_page(html: str, heading: str) -> None:
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S) == [heading]
    assert 'href="/articles/"' in html and 'href="/compare/"' in html  # the site's navigation
    assert 'role="search"' in html and 'name="q"' in html
    assert 'for="error-q"' in html and 'id="error-q"' in html  # a labelled search box
    assert "The requested resource was not found on this server" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/sources/no-such-outlet/",
        "/organizations/no-such-body/",
        "/countries/zz/",
        "/officials/no-such-person/",
        "/articles/999999999/",
    ],
)
def test_a_missing_page_is_the_sites_404(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 404
    assert_site_page(response.content.decode(), "Page not found")


def test_a_server_error_is_the_sites_500_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_site_page(response.content.decode(), "Something went wrong on our side")
