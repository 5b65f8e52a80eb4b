"""Texts written for the tests (own wording, invented outlets) and a writer of corpus files.

Shared by the import, furniture-learning and story-grouping tests.
"""

from __future__ import annotations

from pathlib import Path

# Site furniture seen in the real corpora: no cleaned body may keep one of these.
FURNITURE_PHRASES = (
    "Dear Reader",
    "Be the first to know",
    "Click for full",
    "Sign up for",
    "SEE ALSO",
    "Related Content",
    "photo credit",
    "minute read",
)

# A wire story: the body several outlets carry (near-duplicates, stories).
WIRE_BODY = (
    "GENEVA - Envoys from both governments agreed on Tuesday to extend the truce for another "
    "thirty days, according to a statement read out by the mediator after eleven hours of talks. "
    "The agreement covers the northern provinces, where shelling had resumed last week, and "
    "allows aid convoys to cross three checkpoints without inspection delays. Monitors from the "
    "regional organisation will report every Friday on violations, the statement said, and a "
    "joint committee will meet in the capital before the end of the month to settle the "
    "remaining questions about prisoner exchanges and the return of displaced families."
)

# Long paragraphs an outlet repeats: a sidebar quote about another story, an author's bio.
SIDEBAR = (
    "Others argue that \u201cthe harbour authority has spent four years promising a new "
    "breakwater and has delivered a feasibility study, two public consultations and a "
    "budget line that moves one year further out every spring. Fishermen who lost boats in "
    "the January storm are not asking for a monument; they are asking for the rock armour "
    "the engineers priced in 2019, and for someone in the capital to say when it will "
    "arrive.\u201d The council answered that the tender would open before the summer."
)
BIO = (
    "Marta Quillon is a contributing columnist who covered city hall for eleven years "
    "before joining the opinion desk. She is the author of two books on municipal budgets, "
    "teaches a seminar on public finance at the state university and lives on the east "
    "side with her family. Her column appears on Tuesdays and Fridays; write to her at the "
    "address printed on the letters page."
)


def word(n: int) -> str:
    """Return a distinct word for ``n`` (keys ignore digits, so numbers cannot tell apart)."""
    return "".join(chr(97 + int(d)) for d in str(n))


def story(n: int, *extra: str, at: int = 1) -> str:
    """Return a distinct article of three prose paragraphs, ``extra`` put in at ``at``."""
    paragraphs = [
        f"Story {word(n)}: the ministers of {word(n + 1)} met on the first day of talks.",
        f"Officials from {word(n + 2)} said a second round would follow in {word(n + 3)}.",
        f"The {word(n + 4)} delegation left without comment after {word(n + 5)} hours.",
    ]
    paragraphs[at:at] = extra
    return "\n\n".join(paragraphs)


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8) to ``path``, making its folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
