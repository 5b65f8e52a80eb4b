#!/usr/bin/env python3
"""Count the furniture left in stored bodies: the figures of docs/performance.md's cleaning.

``python scripts/furniture_report.py`` (DATABASE_URL as for manage.py) prints how many
bodies still have a paragraph naming 20 or more countries (a drop-down scraped in), a
link-preview widget ("…TrumpTrump faces … MORE"), a "WATCH:" promo or a "| REUTERS"
caption credit, out of all articles.
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

from articles.models import Article, Country, CountryAlias  # noqa: E402

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


if __name__ == "__main__":
    main()
