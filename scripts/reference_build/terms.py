"""Open-ended terms: end those a successor or the person's own later post ends
(package docstring: "Open-ended terms")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from .dates import latest, shift_days
from .records import Appointment

LEADER_KINDS = ("head_of_state", "head_of_government")
# Posts several people hold at once, even under one title: never closed by a successor.
SHARED_POST_RE = re.compile(
    r"\b(deputy|vice|assistant|advis[eo]r|delegate|member|counsel|counsell?or|councillor|"
    r"spokes\w*|official|chief of staff|without portfolio)\b"
    r"|\bminister of state\b|\bstate (minister|secretary)\b",  # junior ministers
    re.I,
)


def single_holder(appt: Appointment) -> bool:
    """True for a post one person holds at a time (a successor's start ends the term).

    Heads of state and government, foreign ministers and secretaries-general by kind; a
    country's UN ambassador; and a named ministry ("Minister of Finance", "Secretary of
    Defense", "Defence Minister") -- not deputies, ministers of state or advisers.
    """
    if appt.post_kind in (*LEADER_KINDS, "foreign_minister", "secretary_general"):
        return True
    if appt.post_kind == "ambassador":
        return appt.post == "Ambassador to the UN"
    if appt.post_kind == "minister":
        return bool(
            re.match(r"(minister|secretary)\b|\w+ (minister|secretary)$", appt.post, re.I)
        ) and not SHARED_POST_RE.search(appt.post)
    return False


def supersedes(later: Appointment, earlier: Appointment) -> bool:
    """True when taking up ``later`` implies having left the open post ``earlier``."""
    if earlier.post_kind == "legislator" or later.scope() == earlier.scope():
        return False
    if later.organisation and later.post_kind == "secretary_general":
        return earlier.country is not None
    if later.country is None or later.country != earlier.country:
        return False
    if later.post_kind in LEADER_KINDS:
        # A president who becomes prime minister leaves the presidency; a monarch does not.
        return earlier.post_kind != "head_of_state" or (
            earlier.post == "President" and later.post_kind == "head_of_government"
        )
    if later.post_kind == "foreign_minister":
        return earlier.post_kind not in (*LEADER_KINDS, "foreign_minister")
    return False


# A successor or a later post starting longer than this after the last date a source
# shows the term says when it had ended at the latest, not when it ended (the UN list
# first shows Joko Widodo in 2020, six years after Yudhoyono's last sighting): the term
# then keeps its known_until instead of an end.
MAX_UNSEEN_DAYS = 730


def close_open_terms(
    people: list[list[Appointment]], names: list[set[frozenset[str]]] | None = None
) -> Counter:
    """End the open terms that a successor or the person's own later post ends.

    ``people`` holds each official's merged appointments (ends are set in place) and
    ``names`` each official's name keys as token sets. A candidate end must fall after
    the term's start, not before the last date a source dated the term itself
    (``seen``), and at most MAX_UNSEEN_DAYS after the last evidence of it; the earliest
    candidate wins. A "successor" whose name contains the holder's, or the reverse
    ("Cristina Fernández" / "Cristina Fernandez de Kirchner"), is the holder under a
    name the merge did not join, and is skipped. Returns how many terms each rule
    closed, and how many stay open with and without ``known_until``.
    """
    names = names or [set() for _ in people]
    holders: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for index, appointments in enumerate(people):
        for appt in appointments:
            if appt.start and single_holder(appt):
                holders[appt.scope()].append((appt.start, index))
    for starts in holders.values():
        starts.sort()

    def same_name(i: int, j: int) -> bool:
        return any(a <= b or b <= a for a in names[i] for b in names[j])

    counts: Counter = Counter()
    for index, appointments in enumerate(people):
        for appt in appointments:
            if appt.end is not None:
                continue
            if appt.start is None:
                counts["open, start unknown"] += 1
                continue
            seen = latest(appt.start, appt.seen)
            evidence = latest(seen, appt.coverage) or seen
            limit = shift_days(evidence, MAX_UNSEEN_DAYS)
            candidates: list[tuple[str, str]] = []
            if single_holder(appt):
                successor = next(
                    (
                        start
                        for start, other in holders[appt.scope()]
                        if start > appt.start
                        and start >= seen
                        and other != index
                        and not same_name(index, other)
                    ),
                    None,
                )
                if successor and successor <= limit:
                    candidates.append((successor, "by the next holder"))
            for later in appointments:
                if (
                    later.start
                    and later.start > appt.start
                    and seen <= later.start <= limit
                    and supersedes(later, appt)
                    and not held_again(appt, later.start, appointments)
                ):
                    candidates.append((later.start, "by a later post"))
            if candidates:
                appt.end, rule = min(candidates)
                counts[rule] += 1
            elif appt.known_until():
                counts["open, known_until set"] += 1
            else:
                counts["open, undated"] += 1
    return counts


def held_again(appt: Appointment, day: str, appointments: list[Appointment]) -> bool:
    """True when the person is shown in ``appt``'s post again by ``day``: the later post
    came with it ("President and Head of Government"), it did not replace it."""
    return any(
        other is not appt and other.scope() == appt.scope() and appt.start < other.start <= day
        for other in appointments
        if other.start
    )
