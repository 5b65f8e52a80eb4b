"""ISO date helpers: parsing the sources' dates, comparing and shifting them."""

from __future__ import annotations

import calendar
import re


def parse_date(raw: str) -> str | None:
    """Parse ``YYYYMMDD`` / ``YYMMDD`` / ``YYYY-MM-DD`` into ISO, clamping impossible days."""
    digits = re.sub(r"[^0-9]", "", raw or "")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year < 30 else 1900 + year}{digits[2:]}"
    if len(digits) != 8:
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1800 <= year <= 2100 or not 1 <= month <= 12:
        return None
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_bounds(text: str) -> tuple[str | None, str | None] | None:
    """Parse a TABARI date restriction (``>20060211``, ``<031231``, ``a - b``, ``a-b``)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith(">"):
        start = parse_date(text[1:])
        return (start, None) if start else None
    if text.startswith("<"):
        end = parse_date(text[1:])
        return (None, end) if end else None
    match = re.fullmatch(r"(\d{6,8})\s*-\s*(\d{6,8})", text)
    if match:
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
        if start and end and end < start:
            start, end = end, start
        return (start, end) if start or end else None
    return None


def days_between(a: str, b: str) -> int:
    """Whole days from ISO date ``a`` to ``b`` (negative when b is earlier)."""
    from datetime import date

    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def latest(*dates: str | None) -> str | None:
    """The latest of ISO dates, ignoring None (None when all are)."""
    known = [d for d in dates if d]
    return max(known) if known else None


def shift_days(day: str, days: int) -> str:
    """The ISO date ``days`` after ``day``."""
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
