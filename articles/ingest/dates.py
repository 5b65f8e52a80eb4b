"""Parse publication dates as news sites print them, with the standard library only.

Naive dates and times (no zone in the text) are taken as UTC: scraped sites rarely say
which zone they mean, and a few hours' error matters less than a consistent rule.
Every result is timezone-aware. Relative dates ("2 hours ago", "yesterday") are never
resolved against today: an import run's date is not the article's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Offsets of the zone abbreviations news sites print; "ET"/"PT" alone say nothing about
# daylight saving, so they are left out and such times stay naive (UTC).
_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "eet": 2,
    "eest": 3,
    "msk": 3,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}

_MONTH_NAME = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"

_TIME = r"""
    (?P<hour>\d{1,2}) [:.] (?P<minute>\d{2}) (?: : (?P<second>\d{2}) )?   # 12:24, 12.24, 12:24:33
    \s* (?P<ampm>[ap]\.?m\.?)?                                           # optional am / p.m.
    (?: \s* (?P<zone>[a-z]{1,4}\b | [+-]\d{2}:?\d{2}) )?                 # GMT, EST, +0300
"""

# A whole "date line": optional label, optional weekday, a date, optional time.
_DATE_LINE_RE = re.compile(
    rf"""
    ^ \s*
    (?: [\w .&-]{{1,40}} \s* \| \s* )?                      # "Xinhua |" agency prefix
    (?: (?:last\s+)?(?:updated|published|posted|date|first\s+published)
        (?:\s+(?:on|at))? \s* :? \s* )?                     # "Updated:" / "Published on"
    (?: {_WEEKDAY} ,? \s+ )?                                # "Monday,"
    (?:
        (?P<mname>{_MONTH_NAME}) \.? \s+ (?P<mday>\d{{1,2}})
            (?:st|nd|rd|th)? ,? \s+ (?P<myear>\d{{4}})      # April 9, 2012
      | (?P<dday>\d{{1,2}}) (?:st|nd|rd|th)? \s+
            (?P<dname>{_MONTH_NAME}) \.? ,? \s+ (?P<dyear>\d{{4}})  # 9 April 2012
      | (?P<iyear>\d{{4}}) - (?P<imonth>\d{{2}}) - (?P<iday>\d{{2}})  # 2017-09-15
      | (?P<n1>\d{{1,2}}) / (?P<n2>\d{{1,2}}) / (?P<nyear>\d{{4}} | \d{{2}})  # 09/04/2012
    )
    (?: \s* (?: [-–—|/,@] | \bat\b | T )? \s* {_TIME} )?    # "- 12:24", "/ 12:24 PM"
    \s* \.? $
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Dates that only make sense relative to when the page was fetched.
_RELATIVE_RE = re.compile(
    r"""
    ^ \s* (?: (?:updated|published|posted) \s* :? \s* )?   # optional label
    (?: \d+ \s+ (?:second|minute|min|hour|hr|day|week|month|year)s? \s+ ago  # "2 hours ago"
      | just \s+ now | today | yesterday | (?:last|this) \s+ \w+ )            # "yesterday"
    \b .{0,20} $
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateResult:
    """A parsed date, or None with the reason it was dropped."""

    value: datetime | None
    warning: str = ""


def is_relative_date(text: str) -> bool:
    """Return whether ``text`` is a relative date such as "2 hours ago"."""
    return bool(_RELATIVE_RE.match(text))


def match_date_line(line: str) -> DateResult | None:
    """Return the date if the whole ``line`` is a date line, else None."""
    if len(line) > 80:
        return None
    match = _DATE_LINE_RE.match(line.replace("\xa0", " "))
    if not match:
        return None
    return _from_match(match, line.strip())


def parse_date(value: str, *, now: datetime | None = None) -> DateResult:
    """Parse a structured date field (ISO 8601, RFC 2822, or a printed date)."""
    text = value.strip().replace("\xa0", " ")
    if not text or text.lower() in {"none", "null", "nan"}:
        return DateResult(None)
    result = _parse_iso(text) or _parse_rfc2822(text) or match_date_line(text)
    if result is None:
        if is_relative_date(text):
            return DateResult(None, f"relative date ignored: {text!r}")
        return DateResult(None, f"unparsed date: {text!r}")
    return check_plausible(result, now=now)


def check_plausible(result: DateResult, *, now: datetime | None = None) -> DateResult:
    """Drop dates before 1900 or more than a day in the future."""
    if result.value is None:
        return result
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    if not EARLIEST <= result.value <= latest:
        return DateResult(None, f"absurd date {result.value.isoformat()} ignored")
    return result


def _parse_iso(text: str) -> DateResult | None:
    # fromisoformat rejects years < 1 and odd shapes by raising; "0001-11-30" does parse
    # and is then caught by check_plausible.
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return DateResult(_aware(value))


def _parse_rfc2822(text: str) -> DateResult | None:
    if not re.match(r"^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{4}\s+\d", text, re.IGNORECASE):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return DateResult(_aware(value))


def _from_match(match: re.Match[str], original: str) -> DateResult:
    g = match.groupdict()
    if g["mname"]:
        year, month, day = int(g["myear"]), _MONTHS[g["mname"].lower()], int(g["mday"])
    elif g["dname"]:
        year, month, day = int(g["dyear"]), _MONTHS[g["dname"].lower()], int(g["dday"])
    elif g["iyear"]:
        year, month, day = int(g["iyear"]), int(g["imonth"]), int(g["iday"])
    else:
        first, second = int(g["n1"]), int(g["n2"])
        year = int(g["nyear"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        # Only take a numeric date when one part cannot be a month: 25/04 or 04/25.
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            return DateResult(None, f"ambiguous numeric date {original!r} ignored")
    hour = minute = second_ = 0
    if g["hour"]:
        hour, minute = int(g["hour"]), int(g["minute"])
        second_ = int(g["second"] or 0)
        ampm = (g["ampm"] or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    try:
        value = datetime(year, month, day, hour, minute, second_)  # noqa: DTZ001
    except ValueError:
        return DateResult(None, f"invalid date {original!r} ignored")
    return DateResult(value.replace(tzinfo=_zone(g.get("zone"))))


def _zone(name: str | None) -> timezone:
    if not name:
        return UTC
    name = name.lower()
    if name[0] in "+-":
        digits = name[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= timedelta(hours=24):
            return UTC  # "+9999" is no zone; keep the wall time rather than fail
        return timezone(-offset if name[0] == "-" else offset)
    hours = _ZONES.get(name)
    return UTC if hours is None else timezone(timedelta(hours=hours))


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
