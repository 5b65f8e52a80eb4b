"""Archigos: effective heads of state/government with start and end dates."""

from __future__ import annotations

import csv
from pathlib import Path

from ..dates import parse_date
from ..records import Appointment, Record
from ..text import squash
from .codes import Codes


def read_archigos(reference: Path, codes: Codes) -> list[Record]:
    """Records from Archigos leader spells (rule 7: enrichment or a "Leader" post)."""
    records = []
    path = reference / "archigos" / "Archigos_4.1.csv"
    with path.open(encoding="utf-8", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    # Spells still running when the data set was closed end on its last day; some rows
    # say so ("Still in Office"), others were shifted a column ("Natural Death" for
    # Salman): a spell ending on that day is open, and known to run until it.
    last_day = max(filter(None, (parse_date(row["enddate"]) for row in rows)))
    for row in rows:
        iso2 = codes.gw_to_2.get(row["ccode"].strip()) or codes.country(row["idacr"])
        start, end = parse_date(row["startdate"]), parse_date(row["enddate"])
        if not iso2 or not start or (end and end < "1946-01-01"):
            continue
        if row.get("exit", "").strip() == "Still in Office" or end == last_day:
            end = None
        name = squash(row["leader"])
        if not name:
            continue
        appt = Appointment(
            "Leader", "head_of_state", iso2, None, start, end, {"archigos"}, leader_spell=True
        )
        appt.coverage = None if end else last_day
        records.append(Record([name], {iso2}, [appt], "archigos", iso2))
    return records
