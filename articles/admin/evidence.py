"""HTML for the article change form: the texts side by side, and each mention's evidence."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join

from articles.safe_links import visible_text

CONTEXT = 40  # characters quoted on each side of a match
MAX_SHOWN = 5  # evidence items quoted per mention


def full_text(article) -> str:
    """Return the text extraction's offsets refer to: title, lede and body joined."""
    return "\n\n".join(part for part in (article.title, article.lede, article.body) if part)


def evidence_html(article, evidence: list[dict] | None) -> str:
    """Return each match as "… context [words] context …" with its field, offset and rule."""
    items = list(evidence or [])
    if not items:
        return "—"
    text = full_text(article) if article is not None else ""
    rows = []
    for item in items[:MAX_SHOWN]:
        words = item.get("text") or ""
        start = item.get("start")
        where = item.get("field") or ""
        rule = item.get("rule") or ""
        if isinstance(start, int) and text[start : start + len(words)] == words:
            before = text[max(0, start - CONTEXT) : start].replace("\n", " ")
            after = text[start + len(words) : start + len(words) + CONTEXT].replace("\n", " ")
            quote = format_html("…{}<mark>{}</mark>{}…", before, words, after)
        else:
            quote = format_html("<mark>{}</mark>", words)
        place = f"{where} @{start}" if isinstance(start, int) else where or "added by hand"
        rows.append((quote, place, rule))
    more = f" (+{len(items) - MAX_SHOWN} more)" if len(items) > MAX_SHOWN else ""
    listed = format_html_join("", '<li>{} <span class="evidence-where">{} · {}</span></li>', rows)
    return format_html('<ul class="evidence">{}</ul>{}', listed, more)


def texts_html(article) -> str:
    """Return the cleaned body beside the raw text as imported, both read-only.

    The raw text keeps the control and bidi formatting characters the body lost at import;
    they are shown as ``[U+XXXX]`` markers, so the editor sees where they were.
    """
    return format_html(
        '<div class="curation-texts">'
        '<section aria-label="Cleaned body"><h3>Cleaned body</h3><pre>{}</pre></section>'
        '<section aria-label="Raw text as imported"><h3>Raw text</h3><pre>{}</pre></section>'
        "</div>",
        article.body or "",
        visible_text(article.raw_text),
    )
