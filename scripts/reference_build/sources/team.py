"""Hand-written facts (sources: ["team"], authoritative), in data/team_officials.json."""

from __future__ import annotations

from ..datafiles import load
from ..records import Appointment, Record

# {name, nationality, aliases, posts: [[post, kind, country, organisation, start, end], ...]}
# No source has the people from Nikki Haley on (not in Phoenix, CountryInfo, the UN list,
# Archigos, nor the current Congress): their posts came after the dictionaries or were
# never the one a country sent to the General Debate.
TEAM_OFFICIALS: list[dict] = load("team_officials.json")


def team_records() -> list[Record]:
    """Records for TEAM_OFFICIALS; they also match on every country and org they served.

    An open team term was checked when the table was last written: the newest date in it.
    """
    as_of = max(d for t in TEAM_OFFICIALS for *_, s, e in t["posts"] for d in (s, e) if d)
    records = []
    for official in TEAM_OFFICIALS:
        name, nationality = official["name"], official["nationality"]
        appts = [
            Appointment(p, k, c, o, s, e, {"team"}, seen=None if e else as_of)
            for p, k, c, o, s, e in official["posts"]
        ]
        countries = (
            {nationality}
            | {a.country for a in appts if a.country}
            | {f"org:{a.organisation}" for a in appts if a.organisation}
        )
        records.append(Record([name, *official["aliases"]], countries, appts, "team", nationality))
    return records
