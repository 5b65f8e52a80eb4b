"""Paragraphs of a body and the normalised key under which repeated furniture is recognised."""

from __future__ import annotations

import re
import unicodedata

from articles.ingest.boilerplate.patterns import SHORT


def split_paragraphs(text: str) -> list[str]:
    r"""Split ``text`` into paragraphs: one per line, unless the lines are hard-wrapped.

    Blocks of lines are separated by blank (empty or whitespace-only) lines. Read line by
    line rather than split at a ``\n\s*\n`` pattern first, which costs more, and this
    runs twice per record (learning, then parsing).
    """
    paragraphs: list[str] = []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    block: list[str] = []
    for line in map(str.strip, text.split("\n")):
        if line:
            block.append(line)
        elif block:
            _add_block(paragraphs, block)
            block = []
    if block:
        _add_block(paragraphs, block)
    return paragraphs


def _add_block(paragraphs: list[str], lines: list[str]) -> None:
    """Add a block's lines to ``paragraphs``: one each, or one in all when hard-wrapped."""
    if len(lines) >= 3 and _hard_wrapped(lines):
        paragraphs.append(" ".join(lines))
    else:
        paragraphs.extend(lines)


def _hard_wrapped(lines: list[str]) -> bool:
    # Scraped pages put one paragraph per line; plain-text files wrapped at ~72 columns
    # have several lines of similar, moderate length that do not end sentences.
    if len(lines) < 3:
        return False
    body = lines[:-1]
    wrapped = sum(1 for line in body if 40 <= len(line) <= 100 and line[-1] not in '.!?:"”')
    return wrapped >= 0.8 * len(body) and max(map(len, lines)) <= 110


def paragraph_key(paragraph: str) -> str:
    """Return the normalised form under which repeated furniture is recognised.

    NFKC, lower case, curly quotes made straight, every run of digits one "0" (digits vary
    in otherwise identical furniture: "© 2016", "Slideshow (5 Images)"), whitespace runs
    one space, and surrounding punctuation stripped. Runs on every short paragraph when
    learning and on paragraphs that may be learned furniture when cleaning, so it avoids
    the slow steps where they cannot change anything: NFKC and the quotes on ASCII text,
    NFKC on text whose only other characters are curly quotes (NFKC leaves them and ASCII
    alone, and nothing composes with them: two non-ASCII paragraphs in three), regex
    passes when there is no digit. ``str.split`` splits on exactly the
    characters ``\\s`` matches.
    """
    if paragraph.isascii():
        text = paragraph.lower()
    else:
        text = _straight_quotes(paragraph)
        if text.isascii():
            text = text.lower()
        else:
            # NFKC already turns the no-break space into a space.
            text = _straight_quotes(unicodedata.normalize("NFKC", paragraph).lower())
    if text.isascii():
        # Three paragraphs in four have no digit; deleting the digits from the bytes finds
        # that sooner than the pattern's pass (on ASCII text ``\d`` means [0-9]).
        if len(text.encode("ascii").translate(None, b"0123456789")) != len(text):
            text = _ASCII_DIGITS.sub("0", text)
    else:
        text = _DIGITS.sub("0", text)  # other scripts' digits too ("١٢")
    # Every whitespace character but the space is unprintable, so a printable text
    # without a double space has nothing to collapse (the strip takes any space at its
    # ends): most paragraphs skip the split and join.
    if not text.isprintable() or "  " in text:
        text = " ".join(text.split())
    return text.strip(" .,;:!-–—")


def paragraph_keys(text: str, max_length: int) -> set[str]:
    """Return the ``paragraph_key`` of each paragraph of ``text`` up to ``max_length`` long."""
    return {paragraph_key(p) for p in split_paragraphs(text) if len(p) <= max_length}


def short_paragraph_keys(text: str) -> set[str]:
    """Return the keys of the short paragraphs of ``text``: most furniture's, and a layout's."""
    return paragraph_keys(text, SHORT)


def _straight_quotes(text: str) -> str:
    return text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')


# "\d\d*" rather than "\d+": a pattern that starts with a character class is scanned for
# that class, much faster than trying a match at every position.
_DIGITS = re.compile(r"\d\d*")


_ASCII_DIGITS = re.compile(r"[0-9][0-9]*")
