"""organisations.json: intergovernmental organisations (data/organisations.json), and
Phoenix's IGO codes for them."""

from __future__ import annotations

from .countries import FORBIDDEN_ALIASES
from .datafiles import load
from .text import alias

DATA = load("organisations.json")

# (slug, name, abbreviation, [alternatives], [extra abbreviations], [ambiguous alternatives])
ORGANISATIONS: list[list] = DATA["organisations"]


def build_organisations() -> list[dict]:
    """Expand ORGANISATIONS into the committed format, sorted by slug."""
    out = []
    for slug, name, abbreviation, alternatives, abbreviations, ambiguous in ORGANISATIONS:
        entries = [alias(name, "name")]
        entries += [alias(a, "alternative") for a in alternatives]
        entries += [alias(a, "alternative", True) for a in ambiguous]
        if abbreviation and abbreviation != name:
            entries.append(alias(abbreviation, "abbreviation"))
        entries += [alias(a, "abbreviation") for a in abbreviations]
        seen, unique = set(), []
        for entry in entries:
            if entry["alias"].casefold() in seen or entry["alias"].casefold() in FORBIDDEN_ALIASES:
                continue
            seen.add(entry["alias"].casefold())
            unique.append(entry)
        out.append({"slug": slug, "name": name, "abbreviation": abbreviation, "aliases": unique})
    return sorted(out, key=lambda o: o["slug"])


ORG_NAMES = {slug: name for slug, name, *_ in ORGANISATIONS}

# Phoenix IGO codes (after the "IGO" prefix) -> organisation slug; longest prefix wins.
IGO_CODES: dict[str, str] = DATA["igo_codes"]


def igo_slug(code: str) -> str | None:
    """Map a Phoenix IGO sub-code to an organisation slug by longest known prefix."""
    for length in range(len(code), 2, -1):
        if code[:length] in IGO_CODES:
            return IGO_CODES[code[:length]]
    return None
