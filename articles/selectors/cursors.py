"""Cursor pages of the list's matches for the JSON API: keyset pages, relevance by offset.

A cursor is an opaque, validated token: the (published_at, id) of the row a page ends on
(or starts on, going back), or the offset of a ranked page. Cursors come from the search
index's own sort keys, so page 10,000 costs what page 1 does.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from articles.search import results, schema
from articles.selectors.browse import ArticleCriteria

MAX_OFFSET = 10_000_000  # a relevance cursor's offset beyond any corpus


class CursorError(ValueError):
    """A cursor that this API did not make (or that was altered)."""


@dataclass(frozen=True)
class Cursor:
    """A position in a list: after (or, ``backwards``, before) the row (published_at, id).

    Relevance pages are ranked, not keyed: their cursor holds the offset instead.
    """

    published_at: datetime | None = None
    id: int | None = None
    backwards: bool = False
    offset: int | None = None

    def encode(self) -> str:
        if self.offset is not None:
            data = {"o": self.offset}
        else:
            data = {
                "p": self.published_at.isoformat() if self.published_at else None,
                "i": self.id,
                "b": 1 if self.backwards else 0,
            }
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Return the cursor ``text`` encodes; raise ``CursorError`` for anything else."""
        try:
            if len(text) > 200:
                raise ValueError
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError
            if set(data) == {"o"}:
                offset = data["o"]
                if type(offset) is not int or not 0 <= offset <= MAX_OFFSET:
                    raise ValueError
                return cls(offset=offset)
            if set(data) != {"p", "i", "b"}:
                raise ValueError
            pk, backwards, when = data["i"], data["b"], data["p"]
            if type(pk) is not int or not 0 < pk < 2**63 or backwards not in (0, 1):
                raise ValueError
            published_at = None
            if when is not None:
                published_at = datetime.fromisoformat(when)
                if published_at.tzinfo is None:
                    raise ValueError
            return cls(published_at=published_at, id=pk, backwards=bool(backwards))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, OverflowError) as exc:
            raise CursorError(
                "not a cursor this API made: follow the next and previous links"
            ) from exc


@dataclass
class CursorPage:
    """One page of article ids, and the cursors of the pages either side (None: no page)."""

    ids: list[int]
    next: Cursor | None
    previous: Cursor | None


def article_cursor_page(
    *, criteria: ArticleCriteria, sort: str, cursor: Cursor | None, size: int
) -> CursorPage:
    """Return the ids of one page of the matches in ``sort`` order, from ``cursor`` on.

    Newest and oldest pages are keyset pages on the index's sort keys, made of
    (published_at, id), so page 10,000 costs what page 1 does. Undated articles come last
    in both orders, as on the list page. Relevance pages (every match ranked) go by offset.
    """
    if sort == "relevance" and criteria.q:
        return _relevance_page(criteria=criteria, cursor=cursor, size=size)
    if cursor is not None and cursor.offset is not None:
        raise CursorError("this cursor belongs to a relevance list: keep the same sort")
    descending = sort != "oldest"
    backwards = bool(cursor and cursor.backwards)
    after = None
    if cursor is not None:
        make = schema.newest_key if descending else schema.oldest_key
        after = make(cursor.published_at, cursor.id)
    found = results.keyset(
        criteria, descending=descending, after=after, backwards=backwards, limit=size + 1
    )
    more = len(found) > size
    found = found[:size]
    if backwards:
        found.reverse()
    if not found:
        return CursorPage([], None, None)
    # The cursors come from the index's own sort keys, not from the rows: a row deleted
    # or re-dated since the index last caught up cannot bend the walk.
    decode = schema.newest_cursor if descending else schema.oldest_cursor
    (first_id, first_key), (last_id, last_key) = found[0], found[-1]
    has_next = more if not backwards else True
    has_previous = more if backwards else cursor is not None
    return CursorPage(
        ids=[pk for pk, _ in found],
        next=Cursor(published_at=decode(last_key), id=last_id) if has_next else None,
        previous=Cursor(published_at=decode(first_key), id=first_id, backwards=True)
        if has_previous
        else None,
    )


def _relevance_page(*, criteria, cursor, size) -> CursorPage:
    """Rank every match (BM25, as the list page does) and page by offset."""
    if cursor is not None and cursor.offset is None:
        raise CursorError("this cursor belongs to a newest or oldest list: keep the same sort")
    offset = cursor.offset if cursor else 0
    found = results.hits(criteria, sort="relevance", offset=offset, limit=size)
    more = offset + size < found.total
    return CursorPage(
        ids=found.ids,
        next=Cursor(offset=offset + size) if more and found.ids else None,
        previous=Cursor(offset=max(0, offset - size)) if offset > 0 else None,
    )
