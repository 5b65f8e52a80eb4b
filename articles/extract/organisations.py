"""Find the intergovernmental organisations an article names.

Pure: no Django. Same engine as countries (``matcher``): one case-sensitive trie regex,
leftmost-longest on word boundaries.

Rules:

- The longest name wins and a named organ does not add its parent: "UN Security
  Council" is the Security Council only, "U.N. General Assembly" the Assembly only.
- Generic references ("the Council", "the bloc", "the Union", "the alliance", "the
  agency") are no aliases and are left alone.
- Ambiguous aliases (flagged in the data: "Security Council", "General Assembly",
  "Human Rights Council", "Commonwealth") count only when the article names their
  family: the UN ("UN", "United Nations", any UN body) for the first three, the
  Commonwealth of Nations by a full name for the last; and never after another
  capitalised word ("Illinois General Assembly") or in ``BLOCKED`` phrases ("National
  Security Council", "Supreme National Security Council").
- Acronyms of four letters or more are also found as British style writes them ("Nato",
  "Opec", "Unesco").
- Abbreviations are case-sensitive ("WHO", not "who"); "WHO" in ALL-CAPS text ("WHO
  IS TO BLAME") is the pronoun. "EC" and "EP" count only when the EU family is named.
- Datelines ("UNITED NATIONS") are places, not mentions, and are not read.
- Correction notices ("Correction: An earlier version of this story said NATO.", see
  ``notices``) are skipped like bylines: they name what the story is not.
- Focus: in the title or lede, or dominant in the body (``matcher.aggregate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.extract import matcher as m
from articles.extract.notices import notice_spans
from articles.extract.types import ArticleText, EntityMatch, Gazetteer, evidence

# Phrases containing an organisation alias that name something else.
BLOCKED = (
    *("National Security Council", "Supreme National Security Council", "Security Council of"),
    *("Commonwealth of Independent", "Commonwealth Games", "Commonwealth of Massachusetts"),
    *("Commonwealth of Virginia", "Commonwealth of Pennsylvania", "Commonwealth of Kentucky"),
    *("Commonwealth of Australia", "Commonwealth Bank", "WHO'S", "WHO\u2019S"),
)
# Ambiguous aliases need one of these organisation families named in the article.
_FAMILY_NEEDED = {
    "Security Council": "un",
    "General Assembly": "un",
    "Human Rights Council": "un",
    "Commonwealth": "commonwealth",
    "EC": "eu",
    "EP": "eu",
}
# Abbreviations that are also English words, so ALL-CAPS text makes them words.
_WORDLIKE = frozenset({"WHO", "US", "IOM"})
# Acronyms said as words, which British style writes "Nato", "Opec", "Unesco".
_ACRONYM_RE = re.compile(r"[A-Z]{4,}")
# Words that may precede a UN organ's short name without making it another body.
_ORGAN_PREFIXES = frozenset({"UN", "U.N.", "The", "the", "United", "Nations", "a", "its"})


def _family(slug: str, name: str) -> str | None:
    """Return the family an organisation belongs to, for ambiguous aliases' support."""
    if slug == "un" or slug.startswith(("un-", "un")) or name.startswith("UN "):
        return "un"
    if slug in ("iaea", "who", "wfp", "fao", "ilo", "iom", "ocha", "ohchr"):
        return "un"
    if slug in ("eu", "european-commission", "european-council", "european-parliament"):
        return "eu"
    if slug == "commonwealth":
        return "commonwealth"
    return None


@dataclass(frozen=True)
class OrganisationIndex:
    """The compiled organisation matcher of one gazetteer snapshot (picklable)."""

    matcher: m.AliasMatcher
    surfaces: dict[str, tuple[int, str, bool]]  # surface -> (id, kind, ambiguous); blocked: id 0
    families: dict[int, str]  # organisation id -> family

    @classmethod
    def build(cls, gazetteer: Gazetteer) -> OrganisationIndex:
        """Compile ``gazetteer``'s organisation aliases."""
        surfaces: dict[str, tuple[int, str, bool]] = {}
        for a in gazetteer.organisation_aliases:
            for surface in m.spelling_variants(a.alias):
                surfaces.setdefault(surface, (a.entity_id, a.kind, a.ambiguous))
            if _ACRONYM_RE.fullmatch(a.alias):  # British style writes acronyms as words
                surfaces.setdefault(a.alias.capitalize(), (a.entity_id, a.kind, a.ambiguous))
        for phrase in BLOCKED:
            surfaces.setdefault(phrase, (0, "blocked", False))
        families = {
            o.id: family
            for o in gazetteer.organisations
            if (family := _family(o.slug, o.name)) is not None
        }
        return cls(matcher=m.AliasMatcher(surfaces), surfaces=surfaces, families=families)


def extract_organisations(
    article: ArticleText, index: OrganisationIndex
) -> tuple[EntityMatch, ...]:
    """Return the organisations ``article`` names, sorted by first offset."""
    fields, masks = m.layout(article)
    text = fields.text
    notices = notice_spans(text)
    if notices:
        masks = [*masks, *notices]
    found: list[m.Found] = []
    pending: list[m.Found] = []
    for match in index.matcher.finditer(text):
        start, end, surface = match.start(), match.end(), match.group()
        org_id, kind, ambiguous = index.surfaces[surface]
        if not org_id or (masks and m.in_spans(start, end, masks)):
            continue
        if surface in _WORDLIKE and m.caps_context(text, start, end):
            continue
        found_here = evidence(surface, start, fields.name_at(start), kind)
        if ambiguous or surface in _FAMILY_NEEDED:
            before = m.previous_words(text, start, 1)
            if before and before[0][:1].isupper() and before[0] not in _ORGAN_PREFIXES:
                continue  # "Illinois General Assembly", "Russian Security Council"
            pending.append(m.Found(org_id, found_here))
        else:
            found.append(m.Found(org_id, found_here))
    named = {index.families.get(f.entity_id) for f in found}
    found += [f for f in pending if _FAMILY_NEEDED.get(f.evidence.text) in named]
    return m.aggregate(found, with_kind=False)
