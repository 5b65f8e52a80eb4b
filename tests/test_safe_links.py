"""safe_link: only http(s) urls with a host may become an href; every hostile variant is None."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from articles.safe_links import safe_link, visible_text

SAFE = [
    ("https://dispatch.example/truce", "https://dispatch.example/truce"),
    ("http://dispatch.example/a?b=1#c", "http://dispatch.example/a?b=1#c"),
    ("HTTPS://Dispatch.example/x", "HTTPS://Dispatch.example/x"),
    ("HtTp://dispatch.example/", "HtTp://dispatch.example/"),
    ("  https://dispatch.example/x \n", "https://dispatch.example/x"),
    ("\x00\x01https://dispatch.example/x", "https://dispatch.example/x"),
    ("ht\ttps://dispatch.example/x", "https://dispatch.example/x"),  # as a browser reads it
    ("https://user@dispatch.example:8443/x", "https://user@dispatch.example:8443/x"),
    ("https://[::1]/x", "https://[::1]/x"),
]

UNSAFE = [
    None,
    "",
    "   ",
    42,
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    "  javascript:alert(1)",
    "\x00javascript:alert(1)",
    "\x1fjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "javascript://dispatch.example/%0Aalert(1)",
    "javascript:https://dispatch.example/",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,x",
    "vbscript:msgbox(1)",
    "VbScRiPt:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example/x",
    "mailto:desk@dispatch.example",
    "//evil.example/x",  # protocol-relative: treated as unsafe
    "/articles/1/",
    "dispatch.example/truce",
    "www.dispatch.example/truce",
    "https:",
    "https://",
    "https:///path-only",
    "http:/dispatch.example/x",
    "https:\\\\evil.example",
    "https://dispatch.example/\x00x",  # a control character left inside
    "https://dispatch.example/\x7fx",
    "https://[::1/x",  # urlsplit refuses it
    "jav&#x09;ascript:alert(1)",
    "\u0441javascript:alert(1)",
    "ｊavascript:alert(1)",
    "https\u200b://dispatch.example/",
    # A bidi formatting character makes the shown address read otherwise (issue 17).
    "https://dispatch.example/\u202etxt.exe",
    "https://dispatch.example/\u2066x\u2069",
    "https://dispatch.example/\u200fx",
]


@pytest.mark.parametrize(("url", "expected"), SAFE)
def test_http_and_https_urls_are_links(url, expected):
    assert safe_link(url) == expected


@pytest.mark.parametrize("url", UNSAFE)
def test_every_other_url_is_not_a_link(url):
    assert safe_link(url) is None


@pytest.mark.parametrize("url", [u for u in UNSAFE if isinstance(u, str) and u.strip()])
def test_the_template_filter_agrees(url):
    rendered = Template(
        "{% load links %}{% with link=url|safe_link %}"
        '{% if link %}<a href="{{ link }}">x</a>{% else %}{{ url }}{% endif %}{% endwith %}'
    ).render(Context({"url": url}))
    assert "href" not in rendered


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://dispatch.example/a\x01\x1b", "https://dispatch.example/a[U+0001][U+001B]"),
        ("exe\u202etxt\u202c", "exe[U+202E]txt[U+202C]"),
        ("\u2066iso\u2069 \u200e\u200f\x7f", "[U+2066]iso[U+2069] [U+200E][U+200F][U+007F]"),
        ("tab\tline\ncr\r", "tab\tline\ncr\r"),  # shown as they are
        ("São Paulo — “quoted”", "São Paulo — “quoted”"),
        ("", ""),
        (None, ""),
    ],
)
def test_visible_text_writes_hidden_characters_as_markers(value, expected):
    assert visible_text(value) == expected
    rendered = Template("{% load links %}{{ value|visible }}").render(Context({"value": value}))
    assert rendered == expected
