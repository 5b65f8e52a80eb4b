"""Small text helpers shared by every stage: slugs, whitespace, alias entries, mojibake."""

from __future__ import annotations

import re

from articles.extract.normalize import strip_accents


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug with hyphens (``"Walid Mouallem"`` -> ``walid-mouallem``)."""
    ascii_text = strip_accents(text).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def squash(text: str) -> str:
    """Collapse runs of whitespace and trim."""
    return re.sub(r"\s+", " ", text).strip()


def alias(text: str, kind: str, ambiguous: bool = False) -> dict:
    """Build one alias entry in the committed format."""
    return {"alias": text, "kind": kind, "ambiguous": ambiguous}


def underscore_to_words(token: str) -> str:
    """Turn a CountryInfo/Phoenix ``UPPER_SNAKE_`` entry into title-cased words."""
    words = token.strip().strip("_").replace("_", " ").lower()
    small = {"of", "the", "al", "el", "de", "la", "del"}
    return " ".join(
        "-".join(p.capitalize() for p in w.split("-")) if w not in small else w
        for w in words.split()
    )


def clean_text(text: str) -> str:
    """Repair Windows-1252 bytes decoded as Latin-1 ("Ga\x9aparovic") and drop controls."""
    out = []
    for ch in text:
        if "\x80" <= ch <= "\x9f":
            out.append(bytes([ord(ch)]).decode("cp1252", errors="ignore"))
        elif ch.isprintable() or ch == " ":
            out.append(ch)
    return "".join(out)
