"""CountryInfo.txt <Leaders> and <Government> blocks, and the R-extracted people CSVs."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ..countries import COUNTRYINFO_FILE
from ..datafiles import load
from ..dates import latest, parse_bounds, parse_date
from ..names import display_name, name_tokens
from ..posts import classify_post
from ..records import Appointment, Record
from ..text import squash
from .codes import Codes

DATA = load("sources.json")

# CountryInfo's own documentation: "Governments are from Jan-2003 to Feb-2011, so ... a >
# indicates in office in Feb-11".
COUNTRYINFO_GOVERNMENT_UNTIL = "2011-02-28"
# Role codes whose sector says what a post is when no title is given ([USASPY ...]).
SECTOR_POSTS = {code: tuple(post) for code, post in DATA["sector_posts"].items()}


def countryinfo_coverage(start: str | None, version: str) -> str:
    """The last date CountryInfo shows a government post open since ``start`` held.

    The cabinets stop in Feb-2011; an entry starting later was added by a later update
    of the file, and was current at its ``version`` date.
    """
    if start and start > COUNTRYINFO_GOVERNMENT_UNTIL:
        return latest(start, version) or version
    return COUNTRYINFO_GOVERNMENT_UNTIL


def file_date(name: str) -> str:
    """The date a CountryInfo file name carries (``CountryInfo.120116.txt``: YYMMDD)."""
    match = re.search(r"\.(\d{6})\.", name)
    if not match:
        raise ValueError(f"no date in {name}")
    return parse_date(match.group(1)) or ""


def plural_title(title: str) -> str:
    """Singularise a CountryInfo section title ("U.S. Representatives to the United Nations")."""
    head, sep, tail = (re.split(r"( of | to |, )", title, maxsplit=1) + ["", ""])[:3]
    words = [
        re.sub(r"ies$", "y", w) if w.endswith("ies") else re.sub(r"(?<=[a-rt-z])s$", "", w)
        for w in head.split()
    ]
    return " ".join(words) + sep + tail


def read_countryinfo(reference: Path, codes: Codes, blocks: dict) -> list[Record]:
    """Records from CountryInfo.txt <Leaders>/<Government> and the two people CSVs."""
    records: list[Record] = []
    leaders_until = file_date(COUNTRYINFO_FILE)
    for code, tags in sorted(blocks.items()):
        iso2 = codes.country(code)
        if not iso2:
            continue
        name_key = squash(" ".join(tags.get("CountryName", [""]))).strip("_").lower()
        codes.name_to_2[name_key] = iso2
        # <Leaders> holds sub-tags naming the post; parse line by line to track them.
        section = None
        for line in "\n".join(tags.get("Leaders", [])).splitlines():
            line = line.split("#")[0]
            opener = re.match(r"\s*<([^/][^>]*)>", line)
            if opener:
                section = opener.group(1)
                continue
            if re.match(r"\s*</", line) or not line.strip() or section is None:
                continue
            names, rest = split_names(line)
            spans = [parse_bounds(s) for s in re.findall(r"\[([^\]:]*)\]", rest)]
            posts = classify_post(leader_section_title(section), iso2)
            appts = [
                Appointment(p, k, iso2, None, s[0], s[1], {"countryinfo"})
                for s in spans
                if s
                for p, k in posts
            ]
            for appt in appts:
                appt.coverage = None if appt.end else leaders_until
            if names and appts:
                records.append(Record(names, {iso2}, appts, "countryinfo", iso2))
        # The USA block gives its titles as section comments ("#<Secretary of State>").
        heading = ""
        for line in tags.get("Government", []):
            header = re.match(r"\s*#\s*<([^>]+)>", line)
            if header:
                heading = plural_title(header.group(1).strip())
                continue
            if "[" not in line:
                continue
            body, _, comment = line.partition("#")
            names, rest = split_names(body)
            spans = []
            for match in re.finditer(r"\[([A-Z]{3})([A-Z]*)\s*([^\]]*)\]", rest):
                bounds = parse_bounds(match.group(3))
                if bounds:
                    spans.append((bounds, match.group(2)))
            posts = classify_post(comment.strip() or heading, iso2)
            appts = []
            for (start, end), sector in spans:
                for post, kind in posts or [SECTOR_POSTS.get(sector[-3:], ("", ""))]:
                    if sector.endswith("LEG") and kind in ("official", "other"):
                        kind = "legislator"
                    if post:
                        appts.append(
                            Appointment(post, kind, iso2, None, start, end, {"countryinfo"})
                        )
            if not names or not appts:
                continue
            for appt in appts:
                appt.coverage = (
                    None if appt.end else countryinfo_coverage(appt.start, leaders_until)
                )
            records.append(Record(names, {iso2}, appts, "countryinfo", iso2))

    # The R-extracted tables come from an older CountryInfo revision and are lossy: "<d"
    # and ">d" bounds were flattened (20161201 stands for "still in office").  Use a row only
    # for people the .txt does not have for that country.
    known = {(c, tuple(name_tokens(n))) for r in records for c in r.countries for n in r.names}
    base = reference / "countryinfo"
    for filename, column in (("people_leaders.csv", "title"), ("people_gov.csv", "description")):
        with (base / filename).open(encoding="latin-1") as handle:
            for row in csv.DictReader(handle):
                iso2 = codes.name_to_2.get(row["country"].strip().lower()) or CSV_COUNTRY_FIX.get(
                    row["country"]
                )
                if not iso2:
                    continue
                start, end = parse_date(row["startYr"]), parse_date(row["endYr"])
                end = None if end == "2016-12-01" else end
                # The R extraction truncated some titles to their first word.
                title = {"prime": "prime minister", "high": "high commissioner"}.get(
                    row[column].strip().lower(), row[column]
                )
                if title.strip().lower() in {"first", "secretary"}:
                    continue
                posts = classify_post(title, iso2)
                names = [display_name(n.upper()) for n in row["name"].split("|") if n.strip("_ ")]
                if not posts or not names or not (start or end):
                    continue
                if any((iso2, tuple(name_tokens(n))) in known for n in names):
                    continue
                appts = [
                    Appointment(p, k, iso2, None, start, end, {"countryinfo"}) for p, k in posts
                ]
                for appt in appts:
                    # An older revision than the .txt: no later evidence than its cut-off.
                    appt.coverage = (
                        None if appt.end else countryinfo_coverage(appt.start, leaders_until)
                    )
                records.append(Record(names, {iso2}, appts, "countryinfo", iso2))
    return records


CSV_COUNTRY_FIX: dict[str, str] = DATA["csv_country_fix"]


def leader_section_title(section: str) -> str:
    """Turn a <Leaders> sub-tag ("Prime ministers", "Kings/QUEENS") into a singular title."""
    title = section.split("(")[0].split("/")[0].replace("_", " ").strip().lower()
    title = title.replace("chairmen", "chairman").replace("secretaries", "secretary")
    # Singularise the head noun: "prime ministers of x" -> "prime minister of x".
    head, sep, tail = title.partition(" of ")
    head = re.sub(r"s$", "", head) if not head.endswith("ss") else head
    head = re.sub(r"(governor|commissioner|minister|president|administrator)s\b", r"\1", head)
    return head + sep + tail


def split_names(text: str) -> tuple[list[str], str]:
    """Split a CountryInfo line into display names (``{A_}{B_}`` variants) and the rest."""
    text = text.strip()
    names = []
    variants = re.findall(r"\{([^}]*)\}", text.split("[")[0])
    if variants:
        names = [display_name(v) for v in variants]
        rest = text[text.rfind("}") + 1 :]
    else:
        head, _, tail = text.partition("[")
        if head.strip():
            names = [display_name(head)]
        rest = "[" + tail if tail else ""
    return [n for n in names if n], rest
