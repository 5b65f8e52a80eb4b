"""Build a Gazetteer snapshot from the committed reference data files (no database).

The database-backed snapshot (with editors' changes, blocked aliases and candidates) is
built by ``articles.selectors.gazetteer_snapshot``; this one, from ``articles/data``
alone, serves pure tests, the evaluation of extraction and benchmarks. Ids are assigned
in file order (countries and organisations from 1, officials from 1), so they are stable
for a given set of files.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from articles.extract.types import (
    AliasEntry,
    AppointmentEntry,
    CountryEntry,
    Gazetteer,
    OfficialEntry,
    OrganisationEntry,
    TopicEntry,
    TopicRuleEntry,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=2)
def gazetteer_from_files(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Return the gazetteer of the reference data files in ``data_dir``."""
    countries_data = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    orgs_data = json.loads((data_dir / "organisations.json").read_text(encoding="utf-8"))
    topics_data = json.loads((data_dir / "topics.json").read_text(encoding="utf-8"))
    with (data_dir / "officials.jsonl").open(encoding="utf-8") as handle:
        officials_data = [json.loads(line) for line in handle if line.strip()]

    countries, country_aliases = [], []
    for n, c in enumerate(countries_data, start=1):
        countries.append(CountryEntry(id=n, iso2=c["iso2"], name=c["name"]))
        for a in c.get("aliases", []):
            country_aliases.append(AliasEntry(a["alias"], n, a["kind"], bool(a.get("ambiguous"))))
    organisations, org_aliases = [], []
    for n, o in enumerate(orgs_data, start=1):
        organisations.append(
            OrganisationEntry(
                id=n, slug=o["slug"], name=o["name"], abbreviation=o.get("abbreviation") or ""
            )
        )
        for a in o.get("aliases", []):
            org_aliases.append(AliasEntry(a["alias"], n, a["kind"], bool(a.get("ambiguous"))))
    officials, appointment_id = [], 0
    for n, p in enumerate(officials_data, start=1):
        appointments = []
        for a in p.get("appointments", []):
            appointment_id += 1
            appointments.append(
                AppointmentEntry(
                    id=appointment_id,
                    post=a["post"],
                    post_kind=a.get("post_kind") or "other",
                    country=a.get("country"),
                    organisation=a.get("organisation"),
                    start=_date(a.get("start")),
                    end=_date(a.get("end")),
                    known_until=_date(a.get("known_until")),
                )
            )
        officials.append(
            OfficialEntry(
                id=n,
                name=p["name"],
                aliases=tuple(dict.fromkeys([p["name"], *p.get("aliases", [])])),
                nationality=p.get("nationality"),
                appointments=tuple(appointments),
            )
        )
    topics = [
        TopicEntry(
            id=n,
            slug=t["slug"],
            threshold=float(t.get("threshold", 2.0)),
            rules=tuple(
                TopicRuleEntry(r["phrase"], float(r.get("weight", 1.0)), r.get("kind", "include"))
                for r in t.get("rules", [])
            ),
        )
        for n, t in enumerate(topics_data, start=1)
    ]
    return Gazetteer(
        countries=tuple(countries),
        country_aliases=tuple(country_aliases),
        organisations=tuple(organisations),
        organisation_aliases=tuple(org_aliases),
        officials=tuple(officials),
        topics=tuple(topics),
    )
