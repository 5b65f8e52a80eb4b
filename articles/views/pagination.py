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


def past_last_page(*, requested: int, last: int, total: int, url: Callable[[int], str]) -> dict:
    """Return the ``past_last`` context of a page number past the end of a list, or {}.

    Every paged list answers alike (``templates/includes/past_last_page.html``): it shows
    its last page and says so, with that page's permalink. An empty list has no last page
    to point to: its own empty state says why it is empty.
    """
    if requested <= last or total == 0:
        return {}
    return {"past_last": {"requested": requested, "last": last, "url": url(last)}}


def page_param(raw: str | None, *, maximum: int = 10_000) -> tuple[int, str | None]:
    """Return the page number a ``?page=`` value asks for, and why it was ignored (or None).

    A value that is not a whole number from 1 to ``maximum`` means page 1, never an error.
    """
    if raw in (None, ""):
        return 1, None
    text = raw.strip()
    if text.isascii() and text.isdigit() and len(text) <= 9 and 1 <= int(text) <= maximum:
        return int(text), None
    return 1, f"Ignored page: “{raw[:20]}” is not a page number from 1 to {maximum:,}."
