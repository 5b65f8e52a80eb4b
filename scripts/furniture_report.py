#!/usr/bin/env python3
"""Count the furniture left in stored bodies: the figures of docs/performance.md's cleaning.

``python scripts/furniture_report.py`` (DATABASE_URL as for manage.py) prints how many
bodies still have a paragraph naming 20 or more countries (a drop-down scraped in), a
link-preview widget ("…TrumpTrump faces … MORE"), a "WATCH:" promo or a "| REUTERS"
caption credit, out of all articles; then how many bodies still hold a long paragraph
(over 300 characters) that 4 or more bodies of the same source hold word for word, the
sources with most of them, and how many paragraphs each source has learned
(``Source.learned_furniture``), long ones apart.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.local")

import django  # noqa: E402

django.setup()

from collections import Counter  # noqa: E402

from articles.ingest.boilerplate import SHORT, paragraph_key  # noqa: E402
from articles.models import Article, Country, CountryAlias, Source  # noqa: E402

REPEATED = 4  # bodies of one source holding a long paragraph for it to count as repeated

WIDGET_RE = re.compile(r"[a-z]{2}[A-Z0-9][^\n]{0,600}?\bMORE\b")
WATCH_RE = re.compile(r"(?m)^\(?\s*(?:NOW )?WATCH:")
CREDIT_RE = re.compile(r"\s\|\s+(?:REUTERS|AP|AFP|GETTY)\b")


def main() -> None:
    names = set(Country.objects.values_list("name", flat=True))
    names |= set(CountryAlias.objects.filter(kind="name").values_list("alias", flat=True))
    alternatives = sorted((re.escape(n) for n in names if len(n) > 3), key=len, reverse=True)
    country_re = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
    lists = widgets = watch = credits = total = 0
    for body in Article.objects.values_list("body", flat=True).iterator():
        total += 1
        paragraphs = [p for p in body.split("\n\n") if len(p) > 200]
        lists += any(len(set(country_re.findall(p))) >= 20 for p in paragraphs)
        widgets += bool(WIDGET_RE.search(body))
        watch += bool(WATCH_RE.search(body))
        credits += bool(CREDIT_RE.search(body))
    print(
        f"of {total} bodies: {lists} with a paragraph naming 20+ countries, {widgets} with a "
        f"'… MORE' link-preview widget, {watch} with a WATCH promo, {credits} with a "
        "'| REUTERS' caption credit"
    )
    repeated_report()


def _long_keys(body: str) -> set[int]:
    return {hash(paragraph_key(p)) for p in body.split("\n\n") if len(p) > SHORT}


def repeated_report() -> None:
    """Print the bodies that still hold long paragraphs repeated across their source."""
    counts: dict[int, Counter] = {}
    rows = Article.objects.values_list("source_id", "body")
    for source_id, body in rows.iterator():
        counts.setdefault(source_id, Counter()).update(_long_keys(body))
    bodies: Counter = Counter()
    paragraphs: Counter = Counter()
    for source_id, body in rows.iterator():
        found = [k for k in _long_keys(body) if counts[source_id][k] >= REPEATED]
        bodies[source_id] += bool(found)
    for source_id, counter in counts.items():
        paragraphs[source_id] = sum(1 for n in counter.values() if n >= REPEATED)
    names = dict(Source.objects.values_list("id", "name"))
    worst = ", ".join(
        f"{names[pk]} {n} ({paragraphs[pk]} paragraphs)" for pk, n in bodies.most_common(5) if n
    )
    print(
        f"{sum(bodies.values())} bodies hold a paragraph over {SHORT} characters that "
        f"{REPEATED}+ bodies of their source hold: {worst or 'none'}"
    )
    learned = [
        (name, len(keys), sum(len(k) > SHORT for k in keys))
        for name, keys in Source.objects.values_list("name", "learned_furniture")
        if keys
    ]
    print(
        f"learned furniture: {sum(n for _, n, _ in learned)} paragraphs ("
        f"{sum(n for _, _, n in learned)} long) on {len(learned)} sources; most long: "
        + ", ".join(f"{name} {n}" for name, _, n in sorted(learned, key=lambda r: -r[2])[:5] if n)
    )


if __name__ == "__main__":
    main()
