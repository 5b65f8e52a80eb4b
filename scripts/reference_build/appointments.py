"""Merge one official's appointments (merge rule 7)."""

from __future__ import annotations

from collections import defaultdict

from .dates import days_between, latest
from .records import Appointment


def same_post_nearby(a: Appointment, b: Appointment) -> bool:
    """True for the same post held within two years (a gap in a yearly sample)."""
    return a.scope() == b.scope() and overlaps(a, b, 731)


def overlaps(a: Appointment, b: Appointment, slack: int = 31) -> bool:
    """True when two appointments overlap or touch (within ``slack`` days); None = open."""
    a_start, a_end = a.start or "0000-01-01", a.end or "9999-12-31"
    b_start, b_end = b.start or "0000-01-01", b.end or "9999-12-31"
    if a_end < b_start:
        return a.end is not None and b.start is not None and days_between(a_end, b_start) <= slack
    if b_end < a_start:
        return b.end is not None and a.start is not None and days_between(b_end, a_start) <= slack
    return True


def merge_slack(a: Appointment, b: Appointment) -> int:
    """Days of gap still treated as one term when merging two same-post appointments.

    UN speakers are sampled once a year (September), so a gap of under a year next to a
    UN-only interval is no evidence that the person left the post in between.
    """
    if a.sources == {"un-speakers"} or b.sources == {"un-speakers"}:
        return 366
    return 31


def merge_appointments(appointments: list[Appointment]) -> list[Appointment]:
    """Apply merge rule 7 to one person's appointments and return them sorted."""
    team = [a for a in appointments if "team" in a.sources]
    titled = [
        a for a in appointments if "team" not in a.sources and a.titled and not a.leader_spell
    ]
    untitled = [a for a in appointments if not a.titled]
    spells = [a for a in appointments if a.leader_spell]

    # Team facts absorb overlapping same-post appointments from the sources.
    remaining = []
    for appt in titled:
        owner = next((t for t in team if t.scope() == appt.scope() and overlaps(t, appt, 0)), None)
        if owner:
            owner.absorb(appt)
        else:
            remaining.append(appt)

    merged: list[Appointment] = list(team)
    by_scope: dict[tuple, list[Appointment]] = defaultdict(list)
    for appt in remaining:
        by_scope[appt.scope()].append(appt)
    for scope in sorted(by_scope, key=lambda s: tuple(x or "" for x in s)):
        pending = sorted(by_scope[scope], key=lambda a: (a.start or "", a.end or "9999"))
        current: list[Appointment] = []
        for appt in pending:
            target = next((c for c in current if overlaps(c, appt, merge_slack(c, appt))), None)
            if target is None:
                current.append(appt)
            else:
                target.widen(appt)
        # Merging can make earlier-separate intervals overlap; repeat until stable.
        changed = True
        while changed:
            changed = False
            for i in range(len(current)):
                for j in range(i + 1, len(current)):
                    a, b = current[i], current[j]
                    if overlaps(a, b, merge_slack(a, b)):
                        a.widen(b)
                        del current[j]
                        changed = True
                        break
                if changed:
                    break
        merged += current

    # Untitled Phoenix roles only add a source when a titled post covers them.
    for appt in untitled:
        cover = [
            m
            for m in merged
            if m.country == appt.country
            and m.organisation == appt.organisation
            and overlaps(m, appt, 0)
        ]
        if cover:
            for m in cover:
                m.sources |= appt.sources
            continue
        same = next(
            (m for m in merged if not m.titled and m.scope() == appt.scope() and overlaps(m, appt)),
            None,
        )
        if same:
            same.widen(appt)
        else:
            merged.append(appt)

    # Archigos spells enrich an overlapping leader post, or stand alone as "Leader". An
    # open post they cover learns that it was held at least until the spell's end (not
    # that it ended then: Khamenei's spell ends in 1989, when the presidency became the
    # effective office, but he stayed Supreme Leader).
    for spell in spells:
        cover = [
            m
            for m in merged
            if m.country == spell.country
            and m.post_kind in ("head_of_state", "head_of_government")
            and overlaps(m, spell, 0)
        ]
        if cover:
            for m in cover:
                m.sources |= spell.sources
                if m.end is None:
                    m.seen = latest(m.seen, spell.end)
                    m.coverage = latest(m.coverage, spell.coverage)
            continue
        same = next(
            (
                m
                for m in merged
                if m.leader_spell and m.country == spell.country and overlaps(m, spell)
            ),
            None,
        )
        if same:
            same.widen(spell)
        else:
            merged.append(spell)
    return sorted(
        merged,
        key=lambda a: (
            a.start or "",
            a.end or "9999",
            a.post,
            a.country or "",
            a.organisation or "",
        ),
    )
