"""The context of the one pagination include (``templates/includes/pagination.html``)."""

from __future__ import annotations

from collections.abc import Callable


def pagination_links(
    *, number: int, has_next: bool, last: int | None, url: Callable[[int], str]
) -> dict:
    """Return the include's ``page_links``, ``prev_url`` and ``next_url`` for page ``number``.

    ``url`` gives a page's link (the list's other parameters kept); ``last`` is the last
    page's number, or None when unknown (then one page past the current when it has a next).
    """
    return {
        "page_links": [(n, url(n) if n else None) for n in _page_numbers(number, has_next, last)],
        "prev_url": url(number - 1) if number > 1 else None,
        "next_url": url(number + 1) if has_next else None,
    }


def _page_numbers(current: int, has_next: bool, last: int | None) -> list[int | None]:
    """Return the page numbers to link (None marks a gap)."""
    top = last if last is not None else current + (1 if has_next else 0)
    wanted = {1, current - 2, current - 1, current, current + 1, current + 2, top}
    numbers = sorted(n for n in wanted if 1 <= n <= top)
    out: list[int | None] = []
    for n in numbers:
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out
