"""Turn a RawDocument into a ParsedArticle: headline, lede, date, byline, dateline, body.

Pure: no Django. Plain text is read by layout (title line, optional lede, date line,
body; or title line, blank line, body). Structured records (JSON/CSV) are read by field
name; their fields win over what the text suggests, but the text is still parsed so a
repeated title, date lines and bylines do not end up in the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from articles.ingest import boilerplate, corrections
from articles.ingest.bylines import (
    guess_source,
    is_byline_line,
    parse_authors,
    parse_byline,
    split_dateline,
)
from articles.ingest.dates import (
    DateResult,
    check_plausible,
    is_relative_date,
    match_date_line,
    parse_date,
)
from articles.ingest.types import ParsedArticle, RawDocument, RejectedRecord
from articles.safe_links import safe_link

# Field names of the corpora and formats we read, in order of preference.
TITLE_FIELDS = ("title", "headline")
TEXT_FIELDS = ("text", "body", "content", "content_original", "maintext", "article")
DATE_FIELDS = ("date", "published", "date_publish", "published_at", "pubdate", "publish_date")
URL_FIELDS = ("url", "link", "article_url")
SOURCE_FIELDS = ("source", "outlet", "source_name", "publisher")
DOMAIN_FIELDS = ("source_domain", "domain", "source_url")
AUTHOR_FIELDS = ("authors", "author", "byline")
LEDE_FIELDS = ("description", "lede", "summary", "subtitle")
# A url that may not be linked (javascript:, data:, no scheme, a bidi control…) is imported
# with this warning.
URL_SCHEME_WARNING = (
    "url not a plain http(s) address (another scheme, or hidden characters): kept as text"
)
_KNOWN = {
    f
    for group in (
        TITLE_FIELDS,
        TEXT_FIELDS,
        DATE_FIELDS,
        URL_FIELDS,
        SOURCE_FIELDS,
        DOMAIN_FIELDS,
        AUTHOR_FIELDS,
        LEDE_FIELDS,
    )
    for f in group
}

_PLACEHOLDERS = {"none", "null", "nan"}  # what some scrapers write in an empty field
HEADER_PARAGRAPHS = 12  # a date or byline further down belongs to the body or a teaser
MAX_LEDE = 400
MAX_TITLE = 200

# Openings of speeches and letters, which are not headlines.
_SALUTATION_RE = re.compile(
    r"""
    ^ \W* (?: (?:mr|mrs|ms|mdm|mister|madam) \.? \s* (?:president|secretary|chair|$)
      | dear \b | h\.e\.
      | (?:your|his|her) \s+ (?:excellenc|majest) | excellenc | distinguished | esteemed
      | respected | hono(?:u)?r(?:able|ed) | president \b | secretary | in \s+ the \s+ name
      | bismill | assalam | praise \s+ be | ladies \s+ and )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A line ending in a function word was cut mid-sentence, so it is not a headline.
_DANGLING_RE = re.compile(
    r"(?<=\s)(?:the|of|to|a|an|and|or|its|for|with|by|from|that)$", re.IGNORECASE
)


def parse_document(
    doc: RawDocument,
    *,
    source: str | None = None,
    learned_furniture: frozenset[str] = frozenset(),
) -> ParsedArticle:
    """Parse and clean one record; raise RejectedRecord when it cannot be an article."""
    if doc.error:
        raise RejectedRecord(doc.error)
    if doc.fields is not None:
        return displayable(_parse_fields(doc, doc.fields, source=source, learned=learned_furniture))
    text = doc.text or ""
    if not text.strip():
        raise RejectedRecord("empty text")
    return displayable(_parse_text(doc, text, source=source, learned=learned_furniture))


# C0 control characters but tab and line breaks (XML cannot carry them, terminals act on
# them), DEL, and the bidirectional formatting characters (embeddings, overrides,
# isolates, marks) that reorder what a reader sees ("‮txt.exe" shown as "exe.txt").
_HIDDEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_SHOWN_FIELDS = ("title", "lede", "body", "corrections", "byline", "dateline", "source_name")


def displayable(parsed: ParsedArticle) -> ParsedArticle:
    """Return ``parsed`` without control and bidi formatting characters in what pages show.

    The raw text keeps the original characters; this runs on every article, so it only
    replaces when one of them is there at all (most articles: one search per field).
    """
    changes = {
        name: _HIDDEN_RE.sub("", value)
        for name in _SHOWN_FIELDS
        if (value := getattr(parsed, name)) and _HIDDEN_RE.search(value)
    }
    if any(_HIDDEN_RE.search(author) for author in parsed.authors):
        changes["authors"] = tuple(_HIDDEN_RE.sub("", author) for author in parsed.authors)
    return replace(parsed, **changes) if changes else parsed


def _parse_text(
    doc: RawDocument, text: str, *, source: str | None, learned: frozenset[str]
) -> ParsedArticle:
    paragraphs = boilerplate.split_paragraphs(text)
    has_title = _is_headline(text, paragraphs)
    title = _clean_title(paragraphs[0]) if has_title else ""
    header = _read_header(paragraphs, start=1 if has_title else 0)
    if not has_title:
        header.warnings.append("no headline line: title left empty")
    lede = ""
    # A lede is the one short paragraph between the headline and the first date or
    # byline line; without such a line ("title, blank, body") the next paragraph is body.
    if has_title and header.anchor is not None:
        between = [i for i in range(1, header.anchor) if i not in header.used]
        between = [
            i
            for i in between
            if not boilerplate.is_furniture(paragraphs[i])
            and not corrections.is_correction(paragraphs[i])
        ]
        if len(between) == 1 and len(paragraphs[between[0]]) <= MAX_LEDE:
            lede = paragraphs[between[0]]
            header.used.add(between[0])
    used = header.used | ({0} if has_title else set())
    return _assemble(
        doc,
        title=title,
        lede=lede,
        body_paragraphs=[p for i, p in enumerate(paragraphs) if i not in used],
        raw_text=text,
        header=header,
        date=header.date,
        byline=header.byline,
        authors=parse_authors(header.byline),
        url=None,
        source_name=source,
        source_domain=None,
        learned=learned,
        guess=source is None,
        extra={},
    )


def _parse_fields(
    doc: RawDocument, fields: Mapping[str, str], *, source: str | None, learned: frozenset[str]
) -> ParsedArticle:
    lowered = {k.lower(): v for k, v in fields.items() if v is not None}

    def first(names: tuple[str, ...]) -> str:
        for name in names:
            value = lowered.get(name)
            if not value:
                continue
            value = str(value).strip()
            # Only a value of 4 characters or fewer can be a placeholder: so the body and
            # other long fields are never lower-cased just to be compared.
            if value and (len(value) > 4 or value.lower() not in _PLACEHOLDERS):
                return value
        return ""

    title = _clean_title(first(TITLE_FIELDS))
    text = first(TEXT_FIELDS)
    if not title and not text:
        raise RejectedRecord("no title and no body")
    paragraphs = boilerplate.split_paragraphs(text)
    start = 0
    # news-please repeats the headline as the text's first line.
    if paragraphs and title and _same(paragraphs[0], title):
        start = 1
    elif paragraphs and not title and _is_headline(text, paragraphs):
        title, start = _clean_title(paragraphs[0]), 1
    header = _read_header(paragraphs, start=start)
    used = header.used | set(range(start))
    body_paragraphs = [p for i, p in enumerate(paragraphs) if i not in used]

    date = header.date
    field_date = first(DATE_FIELDS)
    if field_date:
        parsed = parse_date(field_date)
        if parsed.warning:
            header.warnings.append(parsed.warning)
        if parsed.value is not None or date is None:
            date = parsed

    url = first(URL_FIELDS) or None
    domain_value = first(DOMAIN_FIELDS)
    if url is None and "/" in domain_value.split("//", 1)[-1].strip("/"):
        # A source_url with a path is the article itself, not the outlet's homepage.
        url = domain_value
    domain = _domain(domain_value) or _domain(url or "")
    authors_value = first(AUTHOR_FIELDS)
    authors = _authors_field(authors_value) if authors_value else parse_authors(header.byline)
    byline = ", ".join(authors) if authors_value else header.byline
    extra = {
        k: str(v)
        for k, v in fields.items()
        if k.lower() not in _KNOWN and v is not None and len(str(v)) <= 500
    }
    return _assemble(
        doc,
        title=title,
        lede=first(LEDE_FIELDS),
        body_paragraphs=body_paragraphs,
        raw_text=text,
        header=header,
        date=date,
        byline=byline,
        authors=authors,
        url=url,
        source_name=first(SOURCE_FIELDS) or domain or source,
        source_domain=domain,
        learned=learned,
        guess=False,
        extra=extra,
    )


def _assemble(
    doc: RawDocument,
    *,
    title: str,
    lede: str,
    body_paragraphs: list[str],
    raw_text: str,
    header: _Header,
    date: DateResult | None,
    byline: str,
    authors: tuple[str, ...],
    url: str | None,
    source_name: str | None,
    source_domain: str | None,
    learned: frozenset[str],
    guess: bool,
    extra: dict[str, str],
) -> ParsedArticle:
    # Correction notices first, wherever they sit (before the dateline, after a tail
    # marker): they are shown with the article, and extraction never reads them.
    body_paragraphs, notices = corrections.split_corrections(body_paragraphs)
    # The paragraphs as split_paragraphs made them: cleaning them is cleaning their text.
    cleaned = boilerplate.clean_paragraphs(body_paragraphs, learned=learned)
    body, dateline, agency, before = split_dateline(cleaned.body)
    if not title and not body:
        raise RejectedRecord("no title and no body")
    if guess:
        source_name = guess_source(raw_text, cleaned.removed, agency)
    warnings = list(header.warnings)
    if url and safe_link(url) is None:
        # Kept as imported (nothing lost, the import's key), never linked: see safe_links.
        warnings.append(URL_SCHEME_WARNING)
    published = None
    if date is not None:
        checked = check_plausible(date)
        published = checked.value
        if checked.warning and checked.warning not in warnings:
            warnings.append(checked.warning)
    return ParsedArticle(
        external_id=doc.external_id,
        title=title,
        body=body,
        raw_text=raw_text,
        lede=lede,
        corrections="\n\n".join(notices),
        url=url,
        source_name=source_name,
        source_domain=source_domain,
        byline=byline,
        authors=authors,
        dateline=dateline,
        published_at=published,
        language="en",
        removed=tuple(header.removed) + before + cleaned.removed,
        warnings=tuple(warnings),
        cleaner_version=boilerplate.CLEANER_VERSION,
        extra=extra,
    )


class _Header:
    """What the first paragraphs of a text say: date line, byline, where they are."""

    def __init__(self) -> None:
        self.date: DateResult | None = None
        self.byline = ""
        self.anchor: int | None = None  # first date or byline line
        self.used: set[int] = set()
        self.removed: list[str] = []
        self.warnings: list[str] = []


def _read_header(paragraphs: list[str], *, start: int) -> _Header:
    """Find the first date line and byline among the opening paragraphs."""
    header = _Header()
    for index in range(start, min(len(paragraphs), start + HEADER_PARAGRAPHS)):
        paragraph = paragraphs[index]
        if boilerplate.is_tail_marker(paragraph):
            break
        for part in _parts(paragraph):
            found = match_date_line(part) if len(part) <= 80 else None
            if found is not None:
                if header.date is None:
                    header.date = found
                    if found.warning:
                        header.warnings.append(found.warning)
                header.used.add(index)
            elif is_relative_date(part):
                header.warnings.append(f"relative date ignored: {part!r}")
                header.used.add(index)
            elif is_byline_line(part):
                header.byline = header.byline or parse_byline(part)
                header.used.add(index)
        if index in header.used:
            header.anchor = index if header.anchor is None else header.anchor
            header.removed.append(paragraph)
        elif len(paragraph) > MAX_LEDE and index > start:
            break  # body prose has begun
    return header


def _parts(paragraph: str) -> list[str]:
    # "By Jane Doe | April 9, 2012" carries a byline and a date on one line; an agency
    # prefix ("Xinhua | Updated: …") is handled by the date grammar itself.
    if "|" in paragraph and len(paragraph) <= 160 and match_date_line(paragraph) is None:
        return [p.strip() for p in paragraph.split("|") if p.strip()]
    return [paragraph]


def _is_headline(text: str, paragraphs: list[str]) -> bool:
    """Return whether the first line of ``text`` is a headline rather than prose."""
    if not paragraphs:
        return False
    first = paragraphs[0].strip("*# \t")
    if not first or len(first) > MAX_TITLE:
        return False
    if first[-1] in ".,;:" and not first.endswith(("...", "…")):
        return False
    if _SALUTATION_RE.match(first) or _DANGLING_RE.search(first):
        return False
    # Two sentences on one line are prose ("… three years. As I address …").
    if re.search(r"[a-z]{2}[.!?] [A-Z]", first):
        return False
    # A headline stands alone: a blank line or a date/byline line follows it.
    lines = text.lstrip().split("\n", 2)
    if len(lines) < 2 or not lines[1].strip():
        return True
    return match_date_line(lines[1].strip()) is not None or is_byline_line(lines[1].strip())


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title.strip("*# \t")).strip()


def _same(a: str, b: str) -> bool:
    return boilerplate.paragraph_key(a) == boilerplate.paragraph_key(b)


def _domain(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    except ValueError:  # "http://[abc": a malformed URL has no usable host
        return None
    host = host.removeprefix("www.")
    return host or None


def _authors_field(value: str) -> tuple[str, ...]:
    """Return authors from a JSON list string or a comma-separated string."""
    if value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            try:
                items = json.loads(value.replace("'", '"'))
            except ValueError:
                items = value.strip("[]").split(",")
        return parse_authors(", ".join(str(i).strip(" '\"") for i in items))
    return parse_authors(value)
