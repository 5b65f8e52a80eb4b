"""Phoenix country and international actor dictionaries: spelling variants and
date-bounded role codes."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from ..dates import latest, parse_bounds
from ..names import display_name, is_person_alias
from ..organisations import ORG_NAMES, igo_slug
from ..posts import classify_post
from ..records import Appointment, Record
from .codes import Codes
from .countryinfo import COUNTRYINFO_GOVERNMENT_UNTIL, SECTOR_POSTS


def phoenix_date(reference: Path) -> str:
    """The generation date in the Phoenix country dictionary's header."""
    head = (reference / "phoenix" / "Phoenix.Countries.actors.txt").read_bytes()[:2000]
    match = re.search(r"Generated at: \w+ (\w+) +(\d+) [\d:]+ (\d{4})", head.decode("latin-1"))
    if not match:
        raise ValueError("Phoenix.Countries.actors.txt: no 'Generated at' date in the header")
    month = list(calendar.month_abbr).index(match.group(1))
    return f"{match.group(3)}-{month:02d}-{int(match.group(2)):02d}"


def read_phoenix(reference: Path, codes: Codes) -> list[Record]:
    """Records from the Phoenix country and international actor dictionaries."""
    records: list[Record] = []
    generated = phoenix_date(reference)
    for filename in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        path = reference / "phoenix" / filename
        entries: list[tuple[str, list[str], list[str]]] = []
        for line in path.read_bytes().decode("latin-1").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("+"):
                if entries:
                    entries[-1][1].append(line[1:].split("#")[0].split("[")[0])
            elif line[0] in " \t":
                if entries:
                    entries[-1][2].append(line)
            else:
                head = line.split("#")[0]
                root = head.split("[")[0].strip()
                entries.append((root, [], [line[len(root) :]] if "[" in head else []))
        for root, synonyms, code_lines in entries:
            record = phoenix_record(root, synonyms, code_lines, codes)
            if record:
                for appt in record.appointments:
                    appt.coverage = None if appt.end else phoenix_coverage(appt, generated)
                records.append(record)
    return records


def phoenix_coverage(appt: Appointment, generated: str) -> str:
    """The last date a Phoenix role open since ``appt.start`` is evidence for.

    Roles carried over from CountryInfo's cabinets (open since before its Feb-2011
    cut-off) were not revisited: Sechin is still Deputy Premier in the 2014 file. A role
    added later was current when the dictionary was generated.
    """
    if appt.country and appt.start and appt.start <= COUNTRYINFO_GOVERNMENT_UNTIL:
        return COUNTRYINFO_GOVERNMENT_UNTIL
    return latest(appt.start, generated) or generated


def phoenix_record(
    root: str, synonyms: list[str], code_lines: list[str], codes: Codes
) -> Record | None:
    """Build one record from a Phoenix entry; None when it is not a person in a post."""
    if not root or root.startswith("<") or "!" in root:
        return None
    names = [display_name(n) for n in [root, *synonyms] if n.strip()]
    names = [n for n in names if is_person_alias(n)]
    if not names:
        return None
    appointments: list[Appointment] = []
    countries: set[str] = set()
    undated = False
    for line in code_lines:
        comment = line.partition("#")[2].strip()
        for match in re.finditer(r"\[([A-Z]{3,})\s*([^\]]*)\]", line.split("#")[0]):
            code, bounds_text = match.group(1), match.group(2)
            bounds = parse_bounds(bounds_text)
            if code.startswith("IGO"):
                org = igo_slug(code[3:])
                if not org:
                    continue
                countries.add(f"org:{org}")
                if bounds:
                    appointments.append(
                        Appointment(
                            f"{ORG_NAMES[org]} official",
                            "official",
                            None,
                            org,
                            bounds[0],
                            bounds[1],
                            {"phoenix"},
                            titled=False,
                        )
                    )
                continue
            iso2 = codes.country(code[:3])
            sector = code[3:6]
            if iso2 and bounds and sector in SECTOR_POSTS:
                # A dated military or intelligence role: a post whose title is unknown.
                countries.add(iso2)
                post, kind = SECTOR_POSTS[sector]
                appointments.append(
                    Appointment(post, kind, iso2, None, *bounds, {"phoenix"}, titled=False)
                )
                continue
            if not iso2 or sector != "GOV":
                # ELI (elites), OPP, REB... are not posts; still tie the name to the country.
                if iso2:
                    countries.add(iso2)
                continue
            countries.add(iso2)
            if not bounds:
                undated = True
                continue
            # Phoenix comments are editors' notes as often as titles: trust only recognised posts.
            posts = (
                [(p, k) for p, k in classify_post(comment, iso2) if k not in ("official", "other")]
                if comment
                else []
            )
            if posts:
                appointments += [
                    Appointment(p, k, iso2, None, bounds[0], bounds[1], {"phoenix"})
                    for p, k in posts
                ]
            else:
                post, kind = ("Government official", "official")
                if code[6:9] == "LEG":  # [AUSGOVLEG ...]: a seat in parliament
                    post, kind = SECTOR_POSTS["LEG"]
                appointments.append(
                    Appointment(post, kind, iso2, None, *bounds, {"phoenix"}, titled=False)
                )
    if not countries:
        return None
    nationality = next((c for c in sorted(countries) if not c.startswith("org:")), None)
    enrich = not appointments
    if enrich and not undated and not countries:
        return None
    return Record(names, countries, appointments, "phoenix", nationality, enrich_only=enrich)
