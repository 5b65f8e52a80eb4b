"""Load the committed reference data (articles/data/) into the gazetteer tables.

Idempotent and editor-safe: rows are matched on natural keys; a row is updated only when
its current values still hash to the fingerprint of what the reference data last wrote
(``ReferenceTrackedModel``). A row an editor changed, or made, is left exactly as it is.
Everything is done in bulk (a handful of queries per table), so a second run takes seconds.
After loading, the reference officials are checked for signs of two people merged into
one (``merge_suspects``); the report lists them for editors to split.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from operator import attrgetter
from pathlib import Path

from django.db import models, transaction
from django.utils.text import slugify

from articles.choices import OfficialStatus, Origin, PostKind
from articles.extract.normalize import fold_words, name_key
from articles.models import entities as gazetteer

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class SyncStats:
    """What a sync did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_editor: int = 0

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.kept_editor} kept as edited"
        )


@dataclass
class ReferenceReport:
    """Per-table stats of a ``reference_load`` run, and the suspected wrong merges."""

    tables: dict[str, SyncStats] = field(default_factory=dict)
    suspects: list[MergeSuspect] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Return how many rows were created or updated in all."""
        return sum(s.created + s.updated for s in self.tables.values())


def fingerprint(values: dict) -> str:
    """Return a stable hash of a row's reference-managed values."""
    payload = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.md5(payload.encode(), usedforsecurity=False).hexdigest()


def _current_values(obj: models.Model, names: Iterable[str]) -> dict:
    return {name: getattr(obj, name) for name in names}


def _sync(
    model: type[models.Model],
    wanted: dict[Hashable, dict],
    key_of: Callable[[models.Model], Hashable],
    existing: Iterable[models.Model],
) -> tuple[SyncStats, dict[Hashable, models.Model]]:
    """Create or update ``model`` rows so each ``wanted`` key has its reference values.

    ``wanted`` maps a natural key to field values (foreign keys as ``<name>_id``).
    Returns the stats and every row by key (existing and new).
    """
    stats = SyncStats()
    by_key = {key_of(obj): obj for obj in existing}
    to_create, to_update, update_fields = [], [], set()
    for key, values in wanted.items():
        fp = fingerprint(values)
        obj = by_key.get(key)
        if obj is None:
            obj = model(**values, ref_fingerprint=fp)
            to_create.append(obj)
            by_key[key] = obj
            stats.created += 1
            continue
        current = _current_values(obj, values)
        if not obj.ref_fingerprint or fingerprint(current) != obj.ref_fingerprint:
            # Made or changed by an editor since the reference last wrote it.
            stats.kept_editor += 1
            continue
        if current == values:
            stats.unchanged += 1
            continue
        for name, value in values.items():
            setattr(obj, name, value)
        obj.ref_fingerprint = fp
        update_fields.update(values)
        to_update.append(obj)
        stats.updated += 1
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, [*update_fields, "ref_fingerprint"], batch_size=2000)
    return stats, by_key


def _sync_table(
    model: type[models.Model], key_field: str, rows: list[dict], values_of: Callable[[dict], dict]
) -> tuple[SyncStats, dict[Hashable, models.Model]]:
    """Sync every row of a table keyed by one of its own fields (``iso2``, ``slug``)."""
    return _sync(
        model,
        {row[key_field]: values_of(row) for row in rows},
        attrgetter(key_field),
        model.objects.all(),
    )


def _country_values(c: dict) -> dict:
    return {
        "iso2": c["iso2"],
        "iso3": c.get("iso3") or "",
        "name": c["name"],
        "slug": c.get("slug") or slugify(c["name"]),
        "region": c.get("region") or "",
        "subregion": c.get("subregion") or "",
    }


def _organisation_values(o: dict) -> dict:
    return {"slug": o["slug"], "name": o["name"], "abbreviation": o.get("abbreviation") or ""}


def _topic_values(t: dict) -> dict:
    return {
        "slug": t["slug"],
        "name": t["name"],
        "description": t.get("description") or "",
        "threshold": float(t.get("threshold", 2.0)),
    }


def _sync_aliases(model, owner_field: str, owners: list[dict], owner_id) -> SyncStats:
    """Sync the ``aliases`` of each owner (a country or organisation) into ``model``."""
    stats, _ = _sync(
        model,
        {
            (owner_id(owner), a["alias"]): {
                owner_field: owner_id(owner),
                "alias": a["alias"],
                "kind": a["kind"],
                "ambiguous": bool(a.get("ambiguous")),
            }
            for owner in owners
            for a in owner.get("aliases", [])
        },
        lambda o: (getattr(o, owner_field), o.alias),
        model.objects.all(),
    )
    return stats


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _read_json(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def reference_load(*, data_dir: Path = DATA_DIR) -> ReferenceReport:
    """Load countries, organisations, topics and officials from ``data_dir``."""
    report = ReferenceReport()
    countries = _read_json(data_dir / "countries.json")
    organisations = _read_json(data_dir / "organisations.json")
    topics = _read_json(data_dir / "topics.json")
    officials = _read_json(data_dir / "officials.jsonl")

    # Countries and their aliases.
    stats, country_by_iso = _sync_table(gazetteer.Country, "iso2", countries, _country_values)
    report.tables["countries"] = stats
    country_id = {iso: obj.pk for iso, obj in country_by_iso.items()}
    report.tables["country aliases"] = _sync_aliases(
        gazetteer.CountryAlias, "country_id", countries, lambda c: country_id[c["iso2"]]
    )

    # Organisations and their aliases.
    stats, org_by_slug = _sync_table(
        gazetteer.Organisation, "slug", organisations, _organisation_values
    )
    report.tables["organisations"] = stats
    org_id = {slug: obj.pk for slug, obj in org_by_slug.items()}
    report.tables["organisation aliases"] = _sync_aliases(
        gazetteer.OrganisationAlias, "organisation_id", organisations, lambda o: org_id[o["slug"]]
    )

    # Topics (parents in a second pass, once every topic has an id) and their rules.
    stats, topic_by_slug = _sync_table(gazetteer.Topic, "slug", topics, _topic_values)
    report.tables["topics"] = stats
    for t in topics:
        topic = topic_by_slug[t["slug"]]
        parent = topic_by_slug.get(t.get("parent") or "")
        if parent and topic.parent_id is None and topic.ref_fingerprint:
            gazetteer.Topic.objects.filter(pk=topic.pk).update(parent=parent)
    report.tables["topic rules"], _ = _sync(
        gazetteer.TopicRule,
        {
            (topic_by_slug[t["slug"]].pk, r["phrase"], r.get("kind", "include")): {
                "topic_id": topic_by_slug[t["slug"]].pk,
                "phrase": r["phrase"],
                "weight": float(r.get("weight", 1.0)),
                "kind": r.get("kind", "include"),
            }
            for t in topics
            for r in t.get("rules", [])
        },
        lambda o: (o.topic_id, o.phrase, o.kind),
        gazetteer.TopicRule.objects.all(),
    )

    # Officials: slugs are only chosen for new rows, so editors' renames and merges stand.
    existing_officials = list(gazetteer.Official.objects.filter(ref_key__isnull=False))
    taken_slugs = set(gazetteer.Official.objects.values_list("slug", flat=True))
    known_slug = {o.ref_key: o.slug for o in existing_officials}
    wanted_officials = {}
    for person in officials:
        slug = known_slug.get(person["key"])
        if slug is None:
            slug = _unique_slug(person["key"], taken_slugs)
        wanted_officials[person["key"]] = {
            "ref_key": person["key"],
            "name": person["name"],
            "slug": slug,
            "nationality_id": country_id.get(person.get("nationality") or ""),
            "status": OfficialStatus.CONFIRMED,
        }
    stats, official_by_key = _sync(
        gazetteer.Official, wanted_officials, lambda o: o.ref_key, existing_officials
    )
    report.tables["officials"] = stats
    official_id = {key: obj.pk for key, obj in official_by_key.items()}

    report.tables["official aliases"], _ = _sync(
        gazetteer.OfficialAlias,
        {
            (official_id[p["key"]], alias): {
                "official_id": official_id[p["key"]],
                "alias": alias,
                "key": name_key(alias),
                "origin": Origin.REFERENCE,
            }
            for p in officials
            for alias in dict.fromkeys([p["name"], *p.get("aliases", [])])
        },
        lambda o: (o.official_id, o.alias),
        gazetteer.OfficialAlias.objects.all(),
    )
    report.tables["appointments"], _ = _sync(
        gazetteer.Appointment,
        {
            (official_id[p["key"]], _appointment_key(a)): {
                "official_id": official_id[p["key"]],
                "ref_key": _appointment_key(a),
                "post": a["post"],
                "post_kind": a.get("post_kind") or "other",
                "country_id": country_id.get(a.get("country") or ""),
                "organisation_id": org_id.get(a.get("organisation") or ""),
                "start_date": _parse_date(a.get("start")),
                "end_date": _parse_date(a.get("end")),
                "known_until": _parse_date(a.get("known_until")) if not a.get("end") else None,
            }
            for p in officials
            for a in p.get("appointments", [])
        },
        lambda o: (o.official_id, o.ref_key),
        gazetteer.Appointment.objects.exclude(ref_key=""),
    )
    report.suspects = merge_suspects(_reference_people())
    return report


def _appointment_key(appointment: dict) -> str:
    """Return the natural key of a reference appointment: post, where, and start."""
    where = appointment.get("country") or appointment.get("organisation") or ""
    return f"{appointment['post']}|{where}|{appointment.get('start') or ''}"


def _unique_slug(base: str, taken: set[str]) -> str:
    slug = slugify(base)[:190] or "official"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


# ----------------------------------------------------------------------------------------
# Suspected wrong merges: one official that looks like two people
# ----------------------------------------------------------------------------------------

# Generational (and regnal) suffixes: "X Jr." and "X Sr." are two people, as are II and III.
_SUFFIXES = {"jr": "Jr.", "junior": "Jr.", "sr": "Sr.", "senior": "Sr.", "ii": "II", "iii": "III",
             "iv": "IV", "vi": "VI", "vii": "VII", "viii": "VIII"}  # fmt: skip
# Words before a name that are titles, not given names ("Dr. H. E. X": no initials H, E).
_TITLE_WORDS = frozenset({
    "mr", "mrs", "ms", "dr", "h", "e", "he", "sir", "gov", "governor", "sen", "senator", "rep",
    "representative", "former", "vice", "president", "gen", "general", "king", "queen",
    "prince", "sheikh", "his", "her", "excellency", "majesty", "the", "hon", "honourable",
    "honorable", "lord", "dame", "col", "lt",
})  # fmt: skip
# Particles are not names with initials ("Abd al-Razzaq A. Thahim": the initial is A).
_PARTICLES = frozenset({
    "al", "el", "ul", "bin", "ibn", "bint", "de", "da", "di", "del", "della", "der", "van",
    "von", "la", "le", "du", "dos", "das", "do", "y", "ben", "abu", "ould", "ag", "ter",
})  # fmt: skip
_LEADERS = {PostKind.HEAD_OF_STATE, PostKind.HEAD_OF_GOVERNMENT}


@dataclass(frozen=True)
class MergeSuspect:
    """An official whose reference data looks like two people merged into one."""

    key: str
    name: str
    reason: str  # "suffixes" | "initials" | "leaders" | "countries"
    detail: str

    def __str__(self):
        return f"{self.key} ({self.name}): {self.reason}: {self.detail}"


def alias_marks(alias: str) -> tuple[str | None, tuple[str, ...] | None]:
    """Return an alias's generational suffix and its written middle initials.

    "George H. W. Bush" -> (None, ("h", "w")); "Joseph R. Biden Jr." -> ("Jr.", ("r",));
    "George Bush" -> (None, None). Initials count between the first and last word only.
    """
    words = fold_words(re.sub(r"['’`]", "", alias))  # "O'Neill" is one word, not O + Neill
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        words = words[1:]
    suffixes = [_SUFFIXES[w] for w in words[1:] if w in _SUFFIXES]
    words = [w for w in words if w not in _SUFFIXES and w not in _PARTICLES]
    while len(words) > 1 and len(words[0]) == 1:  # "R.M. Marty Natalegawa": a title
        words = words[1:]
    middle = words[1:-1]
    initials = tuple(w[0] for w in middle) if any(len(w) == 1 for w in middle) else None
    return (suffixes[0] if suffixes else None), initials


def _span(appointment: dict) -> tuple[date, date] | None:
    """Return the dates an appointment is known to cover (open ends end at known_until)."""
    start = appointment.get("start")
    end = appointment.get("end") or appointment.get("known_until") or start
    start = start or end
    return (start, end) if start else None


def merge_suspects(people: Iterable[dict]) -> list[MergeSuspect]:
    """Return the officials that look like two people merged into one.

    Each person is ``{"key", "name", "aliases": [...], "appointments": [{"post",
    "post_kind", "country", "start", "end", "known_until"}]}`` (dates as ``date``). An
    official is suspect when its aliases carry different generational suffixes ("X Jr."
    and "X Sr.") or different written middle initials ("George H. W. Bush" and "George
    W. Bush"), when it heads the state or government of two countries at overlapping
    dates, or when it holds posts of two countries at overlapping dates. One suspect
    per official and reason, sorted by key.
    """
    suspects = []
    for person in people:
        marks = defaultdict(set)
        for alias in person["aliases"]:
            suffix, initials = alias_marks(alias)
            if suffix:
                marks["suffixes"].add((suffix, alias))
            if initials:
                marks["initials"].add((initials, alias))
        for reason in ("suffixes", "initials"):
            values = {value for value, _ in marks[reason]}
            if len(values) > 1:
                shown = sorted({min(a for v, a in marks[reason] if v == value) for value in values})
                suspects.append(
                    MergeSuspect(person["key"], person["name"], reason, " / ".join(shown))
                )
        found: dict[str, str] = {}
        dated = [(a, _span(a)) for a in person["appointments"] if a.get("country")]
        for (a, span_a), (b, span_b) in combinations([d for d in dated if d[1]], 2):
            if a["country"] == b["country"] or span_a[1] < span_b[0] or span_b[1] < span_a[0]:
                continue
            both_lead = a["post_kind"] in _LEADERS and b["post_kind"] in _LEADERS
            reason = "leaders" if both_lead else "countries"
            if reason not in found and not (reason == "countries" and "leaders" in found):
                found[reason] = (
                    f"{a['post']} of {a['country']} {span_a[0]}–{span_a[1]} / "
                    f"{b['post']} of {b['country']} {span_b[0]}–{span_b[1]}"
                )
        if "leaders" in found:
            found.pop("countries", None)
        suspects += [
            MergeSuspect(person["key"], person["name"], reason, detail)
            for reason, detail in found.items()
        ]
    return sorted(suspects, key=lambda s: (s.key, s.reason))


def _reference_people() -> list[dict]:
    """Return the reference officials (not merged away) with their aliases and posts."""
    people = {
        o["id"]: {"key": o["ref_key"], "name": o["name"], "aliases": [], "appointments": []}
        for o in gazetteer.Official.objects.filter(
            ref_key__isnull=False, merged_into__isnull=True
        ).values("id", "ref_key", "name")
    }
    reference = {"official__ref_key__isnull": False, "official__merged_into__isnull": True}
    for official_id, alias in gazetteer.OfficialAlias.objects.filter(
        blocked=False, **reference
    ).values_list("official_id", "alias"):
        people[official_id]["aliases"].append(alias)
    countries = dict(gazetteer.Country.objects.values_list("id", "iso2"))
    for a in gazetteer.Appointment.objects.filter(country__isnull=False, **reference).values(
        "official_id", "post", "post_kind", "country_id", "start_date", "end_date", "known_until"
    ):
        people[a["official_id"]]["appointments"].append(
            {
                "post": a["post"],
                "post_kind": a["post_kind"],
                "country": countries[a["country_id"]],
                "start": a["start_date"],
                "end": a["end_date"],
                "known_until": a["known_until"],
            }
        )
    return list(people.values())
