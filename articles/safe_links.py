"""Which stored URLs may become a link: only http(s) ones.

Imported records carry whatever ``url`` their source gave, ``javascript:alert(1)`` and
``data:text/html,…`` among them. Such a url is kept (it is the record's data, and the key an
import matches updates on) but is never put into an ``href``: pages, the admin and the feed
show it as escaped text. ``safe_link`` is the one test every link to an imported url passes.

The check reads the url as a browser would: leading and trailing whitespace and control
characters (U+0000–U+0020) are ignored and tabs and newlines anywhere are dropped, so
``" java\\tscript:…"`` is seen as the ``javascript:`` url it is. After that the scheme must be
``http`` or ``https`` (any case) followed by ``//`` and a host. Anything else gives ``None``:
other schemes, scheme-less and relative urls, and protocol-relative ones (``//evil.example``,
which would take the page's scheme: an article's url names its scheme, so one without is
not trusted), and any url still holding a control character or a bidi formatting character
(an override can make the shown address read differently from where it goes).

Imported ``url`` and ``external_id`` values are kept as imported, hidden characters and all
(the other shown fields lose them at import: ``articles.ingest.parse.displayable``).
Wherever a page or the admin shows them as text, ``visible_text`` writes each C0 control,
DEL and bidi formatting character as a marker (``[U+202E]``), so what a reader sees is
neither reordered nor hidden.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})

# What the WHATWG URL parser ignores: C0 controls and space at either end, tab and newlines
# anywhere.
_EDGE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 controls but tab and line breaks, DEL, and the bidirectional formatting characters
# (embeddings, overrides, isolates, marks): what no page shows as it is.
HIDDEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")


def safe_link(url: object) -> str | None:
    """Return ``url`` (as a browser reads it) when it is an http(s) url with a host, else None."""
    if not isinstance(url, str):
        return None
    candidate = _TAB_OR_NEWLINE.sub("", url.strip(_EDGE))
    if not candidate or _CONTROL.search(candidate):
        return None
    match = _SCHEME.match(candidate)
    if match is None or match["scheme"].lower() not in SAFE_SCHEMES:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    return candidate


def visible_text(value: object) -> str:
    """Return ``value`` as text with each hidden character written as ``[U+XXXX]``."""
    if value is None:
        return ""
    return HIDDEN_RE.sub(lambda m: f"[U+{ord(m[0]):04X}]", str(value))
