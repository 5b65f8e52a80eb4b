"""Appointments and records (one source row about a person), and the union-find that
joins records into officials."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import latest
from .names import Marks


@dataclass
class Appointment:
    """One dated post held by a person."""

    post: str
    post_kind: str
    country: str | None
    organisation: str | None
    start: str | None
    end: str | None
    sources: set[str]
    titled: bool = True  # False for Phoenix roles whose post is unknown
    leader_spell: bool = False  # True for Archigos spells (enrichment only)
    # The last date a source dates the term itself (a closed term's end, a UN year, a
    # team fact): evidence strong enough that a successor starting earlier is ignored.
    seen: str | None = None
    # The coverage date of a snapshot that lists the term as open (CountryInfo, Phoenix,
    # Archigos "Still in Office"): a dated successor's start overrides it.
    coverage: str | None = None
    # The end is only the last sighting of a yearly sample (the UN list): after merging,
    # it becomes evidence (known_until), not an end.
    sampled_end: bool = False

    def __post_init__(self) -> None:
        if self.seen is None and self.end is not None:
            self.seen = self.end

    def scope(self) -> tuple:
        """The post identity used for merging and overlap checks."""
        return (self.post, self.country, self.organisation)

    def absorb(self, other: Appointment) -> None:
        """Take ``other``'s sources and its evidence dates (the bounds stay as they are)."""
        self.sources |= other.sources
        self.seen = latest(self.seen, other.seen)
        self.coverage = latest(self.coverage, other.coverage)

    def widen(self, other: Appointment) -> None:
        """Merge ``other`` (same post, overlapping) in: the union of bounds, open wins."""
        self.start = (
            None if self.start is None or other.start is None else min(self.start, other.start)
        )
        if self.end is not None and other.end is not None:
            if other.end > self.end:
                self.sampled_end = other.sampled_end
            elif other.end == self.end:
                self.sampled_end = self.sampled_end and other.sampled_end
        self.end = None if self.end is None or other.end is None else max(self.end, other.end)
        self.absorb(other)

    def unsample(self) -> None:
        """Turn an end that is only a last sighting into evidence: the term stays open."""
        if self.sampled_end and self.end is not None:
            self.seen = latest(self.seen, self.end)
            self.end = None

    def known_until(self) -> str | None:
        """The last date a source shows the post held, for a term with no end."""
        if self.end is not None or not (self.seen or self.coverage):
            return None
        return latest(self.start, self.seen, self.coverage)


@dataclass
class Record:
    """One source row about a person, before merging."""

    names: list[str]
    countries: set[str]
    appointments: list[Appointment]
    source: str
    nationality: str | None = None
    enrich_only: bool = False
    order: int = 0
    keys: list[tuple[str, ...]] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)


SOURCE_PRIORITY = {
    "team": 0,
    "us-congress": 1,
    "un-speakers": 2,
    "archigos": 3,
    "countryinfo": 4,
    "phoenix": 5,
}


class UnionFind:
    """Union-find over record indices (smaller index becomes the root) that refuses to
    join groups whose name marks conflict (merge rule 10)."""

    def __init__(self, marks: list[Marks]) -> None:
        self.parent = list(range(len(marks)))
        self.marks = list(marks)

    def find(self, i: int) -> int:
        """Return the root of ``i`` with path halving."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b``; False (and no change) when marks conflict."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.marks[ra].conflicts(self.marks[rb]):
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        self.marks[root] = self.marks[ra] | self.marks[rb]
        return True
