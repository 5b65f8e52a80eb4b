"""Group records into people: merge rules 3-6 and 10 of the package docstring."""

from __future__ import annotations

from collections import defaultdict

from .appointments import overlaps, same_post_nearby
from .names import Marks, name_marks, name_tokens, strip_honorifics
from .records import Appointment, Record, UnionFind


def merge_records(records: list[Record]) -> list[list[Record]]:
    """Group records into people following merge rules 3-6 and 10; return groups in order."""
    for i, record in enumerate(records):
        record.order = i
        cleaned = [strip_honorifics(n) for n in record.names]
        record.names = list(dict.fromkeys([n for n in cleaned if n] + record.names))
        record.keys = [tuple(t) for t in (name_tokens(n) for n in record.names) if t]
        record.marks = Marks()
        for name in record.names:
            record.marks |= name_marks(name)
        # Archigos and old UN rows often give a surname only, hyphenated or not
        # ("Calmy-Rey"): match those on the last token alone (rule 5).
        if record.source in ("archigos", "un-speakers") and " " not in cleaned[0]:
            record.keys = sorted({k[-1:] for k in record.keys})
    uf = UnionFind([r.marks for r in records])

    # Rule 3: same country + same full key. Records with marks first, so that namesakes
    # form their own groups; then the unmarked ones (rule 10).
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for record in records:
        for country in sorted(record.countries):
            for key in dict.fromkeys(record.keys):
                if len(key) >= 2:
                    buckets[(country, key)].append(record.order)
    for members in buckets.values():
        marked = [m for m in members if records[m].marks.marked]
        for i, member in enumerate(marked):
            for other in marked[:i]:
                if uf.union(other, member):
                    break
    # A bucket shared by several marked groups (or one with a suffix) is contested: its
    # unmarked records wait for rule 10's dates, in every bucket they are in.
    marked_roots = {
        bucket: list(dict.fromkeys(uf.find(m) for m in members if records[m].marks.marked))
        for bucket, members in buckets.items()
    }
    contested: dict[int, list[tuple]] = defaultdict(list)  # record -> contested buckets
    for bucket, members in buckets.items():
        roots = marked_roots[bucket]
        if len(roots) > 1 or (roots and uf.marks[roots[0]].suffixes):
            for member in members:
                if not records[member].marks.marked:
                    contested[member].append(bucket)
    for bucket, members in buckets.items():
        plain = [m for m in members if not records[m].marks.marked and m not in contested]
        roots = marked_roots[bucket]
        for member in plain:
            uf.union(roots[0] if roots else plain[0], member)
    assign_by_dates(records, uf, contested, marked_roots)

    # Rule 4: first+last of a long name matches a two-token name, if unambiguous.
    long_groups: dict[tuple, set[int]] = defaultdict(set)
    short_members: dict[tuple, set[int]] = defaultdict(set)
    for record in records:
        for country in record.countries:
            for key in record.keys:
                if len(key) > 2:
                    long_groups[(country, key[0], key[-1])].add(record.order)
                elif len(key) == 2:
                    short_members[(country, key[0], key[-1])].add(record.order)
    for bucket, members in sorted(long_groups.items()):
        roots = {uf.find(m) for m in members}
        if len(roots) == 1 and bucket in short_members:
            anchor = min(members)
            for other in sorted(short_members[bucket]):
                if other in contested:
                    continue  # rule 10 decided (by dates) where it belongs
                if records[other].marks.marked or not uf.marks[uf.find(anchor)].suffixes:
                    uf.union(anchor, other)

    # Rule 5: surname-only names join a unique same-country group with that last token.
    last_index: dict[tuple, set[int]] = defaultdict(set)
    for record in records:
        if not record.enrich_only and any(len(k) >= 2 for k in record.keys):
            for country in record.countries:
                for key in record.keys:
                    if len(key) >= 2:
                        last_index[(country, key[-1])].add(record.order)
    dropped: set[int] = set()
    for record in records:
        if any(len(k) >= 2 for k in record.keys):
            continue
        # Candidates must also have held a post in that country at an overlapping time,
        # so that Archigos "Al-Assad H." (1971-2000) does not land on Bashar al-Assad.
        candidates = set()
        for country in record.countries:
            for key in record.keys:
                candidates |= last_index.get((country, key[-1]), set())
        # UN speakers of the 1990s are often surname-only and predate CountryInfo's
        # cabinets (2003+): for them the same kind of post in that country is enough.
        roots = {
            uf.find(m)
            for m in candidates
            if any(
                a.country == b.country
                and (
                    overlaps(a, b, 0)
                    or (record.source == "un-speakers" and a.post_kind == b.post_kind)
                )
                for a in records[m].appointments
                for b in record.appointments
            )
        }
        if len(roots) != 1 or not uf.union(roots.pop(), record.order):
            dropped.add(record.order)

    groups: dict[int, list[Record]] = defaultdict(list)
    for record in records:
        if record.order not in dropped:
            groups[uf.find(record.order)].append(record)
    # Rule 6: groups made only of enrichment records are not people we know posts for.
    return [g for _, g in sorted(groups.items()) if not all(r.enrich_only for r in g)]


def assign_by_dates(
    records: list[Record],
    uf: UnionFind,
    contested: dict[int, list[tuple]],
    marked_roots: dict[tuple, list[int]],
) -> None:
    """Rule 10: give each unmarked name its namesake group by dates, or none.

    ``contested`` maps a record to the name buckets it shares with several marked groups
    (or with one carrying a suffix). It joins the one group with an appointment in the
    same country overlapping one of its own; failing that, the one group holding the
    same post within two years of it (the UN list writes "Surangel Whipps Jr" one year,
    "Surangel Whipps" two years later). When none or several fit, it joins neither; such
    records join each other on the same terms. Every decision is taken on the groups as
    they stand before any of them, so the order does not matter.
    """
    members_of: dict[int, list[int]] = defaultdict(list)
    for record in records:
        members_of[uf.find(record.order)].append(record.order)

    def fits(appointments: list[Appointment], candidates: dict[int, list[Appointment]]) -> list:
        for near in (lambda a, b: overlaps(a, b, 0), same_post_nearby):
            found = [
                root
                for root, theirs in candidates.items()
                if any(a.country == b.country and near(a, b) for a in theirs for b in appointments)
            ]
            if found:
                return found
        return []

    decisions: list[tuple[int, int | None, tuple]] = []
    for order, waiting in contested.items():
        roots = dict.fromkeys(uf.find(r) for bucket in waiting for r in marked_roots[bucket])
        candidates = {
            root: [a for m in members_of[root] for a in records[m].appointments] for root in roots
        }
        found = fits(records[order].appointments, candidates)
        decisions.append((order, found[0] if len(found) == 1 else None, waiting[0]))
    left: dict[tuple, list[int]] = defaultdict(list)
    for order, root, bucket in decisions:
        if root is None or not uf.union(root, order):
            left[bucket].append(order)
    for members in left.values():
        for i, member in enumerate(members):
            earlier = {m: records[m].appointments for m in members[:i]}
            found = fits(records[member].appointments, earlier)
            if found:
                uf.union(found[0], member)
