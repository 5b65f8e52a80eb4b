"""Who addressed the UN General Assembly each year, with their post (merge rule 8)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from ..names import display_name, marks_signature, name_tokens, strip_honorifics
from ..posts import classify_post
from ..records import Appointment, Record
from .codes import Codes


def read_un_speakers(reference: Path, codes: Codes) -> list[Record]:
    """Records from the UN General Debate speakers list (merge rule 8)."""
    runs: dict[tuple, list[int]] = defaultdict(list)
    # Spellings of one speaker vary by year ("De Croo"/"de Croo"): runs are keyed on the
    # normalised name, and every spelling is kept as a variant (most recent first).
    names: dict[tuple, dict[str, int]] = defaultdict(dict)
    path = reference / "un-speakers" / "Speakers_by_session.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["ISO Code"].strip()
            iso2 = codes.country(code)
            org = "eu" if code in ("EU", "EC") else None
            if not iso2 and not org:
                continue
            raw_name = strip_honorifics(row["Name of Person Speaking"])
            if not raw_name or row["Post"].strip().lower() in {"", "not indicated"}:
                continue
            name = (
                display_name(raw_name)
                if raw_name.isupper() or raw_name.islower()
                else display_name_mixed(raw_name)
            )
            for post, kind in classify_post(row["Post"], iso2):
                if org:
                    post = f"{post} of the European Council" if post == "President" else post
                # "George Bush" (1991) and "George W. Bush" (2001) are two runs (rule 10).
                key = (" ".join(name_tokens(name)) or name, marks_signature(name), iso2, org)
                key += (post, kind)
                runs[key].append(int(row["Year"]))
                names[key][name] = max(names[key].get(name, 0), int(row["Year"]))
    records = []

    # Runs of one name and post that differ in marks come most recent first, as the
    # spellings of one run do: the display name is the latest way the list wrote it.
    def order(k: tuple) -> tuple:
        tokens, signature, *rest = (x or "" for x in k)
        return (tokens, *rest, -max(runs[k]), signature)

    for key in sorted(runs, key=order):
        _, _, iso2, org, post, kind = key
        spellings = sorted(names[key], key=lambda n: (-names[key][n], n))
        years = sorted(set(runs[key]))
        appts = []
        first = prev = years[0]
        for year in [*years[1:], None]:
            if year is not None and year == prev + 1:
                prev = year
                continue
            appts.append(
                Appointment(
                    post,
                    kind,
                    iso2,
                    org,
                    f"{first}-09-01",
                    f"{prev}-09-30",
                    {"un-speakers"},
                    sampled_end=True,
                )
            )
            if year is not None:
                first = prev = year
        countries = {iso2} if iso2 else {f"org:{org}"}
        records.append(Record(spellings, countries, appts, "un-speakers", iso2))
    return records


def display_name_mixed(name: str) -> str:
    """Normalise a mixed-case UN-list name: title-case any all-caps surname tokens."""
    words = (display_name(w) if w.isupper() and len(w) > 2 else w for w in name.split())
    # "Nuri Al-Maliki" -> "Nuri al-Maliki": the article stays lower-case inside a name.
    text = re.sub(r"(?<=\s)(Al|El)-(?=[A-Z])", lambda m: m.group(1).lower() + "-", " ".join(words))
    return re.sub(r"(?<=\s)(Bin|Ibn|Al|El)(?=\s+[A-Z])", lambda m: m.group(1).lower(), text)
