"""Per-source lists (cleaning rules, learned furniture) keyed by the names records give."""

from __future__ import annotations

from articles.ingest.outlets import outlet_key
from articles.models import Source


def source_lists_by_name(field: str) -> dict[str, tuple[str, ...]]:
    """Return each source's non-empty list ``field`` by the names its records give.

    Its name always wins; then its outlet key (the outlet's other spellings, "CNS News" /
    "CNSNews.com"); then its domain, which names the records of a source editors renamed
    from it (the oldest source of a domain, as ``services.imports.sources.SourceCache`` picks).
    """
    found: dict[str, tuple[str, ...]] = {}
    rows = Source.objects.exclude(**{field: []}).order_by("id")
    for name, domain, values in rows.values_list("name", "domain", field):
        if isinstance(values, list) and values:
            found[name] = tuple(values)
            found.setdefault(outlet_key(name), tuple(values))
            if domain:
                found.setdefault(domain.lower(), tuple(values))
    return found


def source_cleaning_rules() -> dict[str, tuple[str, ...]]:
    """Return each source's cleaning rules by the names its records give (sources without
    rules left out): its name, its outlet key, and its domain, which names the records of
    a source that editors renamed from its domain (see ``services.imports.sources.SourceCache``).
    """
    return source_lists_by_name("cleaning_rules")
