"""The lines of the admin's recent-changes feed, as every source of them builds them.

``services.audit`` reads the history tables into these; the selectors of official merges
and story decisions plug their own entries in (``EntrySource``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Change:
    """One field's value before and after."""

    field: str
    before: str
    after: str


@dataclass
class ChangeEntry:
    """One line of the recent-changes feed."""

    when: datetime
    who: str
    action: str
    model: str
    object_label: str
    object_url: str = ""
    changes: list[Change] = field(default_factory=list)
    revert_url: str = ""
    key: str = ""


EntrySource = Callable[[int, datetime | None], Sequence[ChangeEntry]]
