"""The exact-duplicate key: a body reduced to what makes it the same text, and its words."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

# Typographic variants that differ between scrapes of the same text. All quote marks
# collapse to one: outlets re-quote ('...' vs "...") and scrapers mangle ``...'' too.
_QUOTES = "\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\u2035\u2036\u2039\u203a\u00ab\u00bb\uff02\uff07"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# The non-ASCII variants above and what each becomes, for one pass over a non-ASCII text
# rather than three character-class passes (the ASCII quotes, much more common, go
# through ``str.replace`` instead of a Python call per match).
_TYPOGRAPHY = (
    dict.fromkeys((c for c in _QUOTES if not c.isascii()), "'")
    | dict.fromkeys(_DASHES, "-")
    | dict.fromkeys(_INVISIBLE, "")
)
_TYPOGRAPHY_RE = re.compile(f"[{''.join(_TYPOGRAPHY)}]")
# "'{2,}" written with its literal start: the pattern finds two quotes faster than ``in``
# does on a body, and most bodies have none.
_REPEATED_QUOTES = re.compile(r"'''*")
# "said , adding" / "( AP )" / "word - word" vs "word-word" are spacing conventions, not
# content: a space goes before closing punctuation or a dash, and after an opening bracket
# or a dash. Runs after whitespace is collapsed, so each space stands alone and one pass
# over the spaces decides each by its neighbours (a pattern starting with a literal is much
# faster than one starting with \s*). The same result as a pass for the punctuation and
# four replaces, checked on every text of up to 7 characters of "a -([,.;:!?%)]'", in one
# pass instead of five.
_SPACING = re.compile(r" (?:(?=[,.;:!?%)\]-])|(?<=[(\[-] ))")
_WORD = re.compile(r"\w+")


def normalise_for_hash(text: str) -> str:
    """Return ``text`` reduced to what makes it the same text: the exact-duplicate key.

    Unescape HTML entities, apply NFKC (non-breaking spaces, ligatures, full-width forms,
    the ellipsis character), drop invisible characters, unify quote and dash variants,
    case-fold, collapse whitespace, and drop spacing around punctuation and dashes.
    """
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = text.replace('"', "'").replace("`", "'")
    if not text.isascii():
        # Only then can NFKC and the non-ASCII variants apply (most bodies skip them).
        # The variants go before NFKC, which would turn the acute accent into a space and
        # a combining mark.
        text = unicodedata.normalize("NFKC", _TYPOGRAPHY_RE.sub(_typography, text))
    # On ASCII text casefold is lower, which is quicker.
    text = _collapse_whitespace(text.lower() if text.isascii() else text.casefold())
    if _REPEATED_QUOTES.search(text):  # rare: no new text for most
        text = _REPEATED_QUOTES.sub("'", text)
    return _SPACING.sub("", text)


def _collapse_whitespace(text: str) -> str:
    """Return ``" ".join(text.split())``, without the split for most bodies.

    A body's paragraphs are joined by blank lines, with single spaces inside them: once
    the line breaks are spaces, a text that is printable (every whitespace character but
    the space is not) and has no double space has nothing left to collapse but its ends.
    """
    text = text.replace("\n\n", " ").replace("\n", " ")
    if "  " in text or not text.isprintable():
        return " ".join(text.split())
    return text.strip(" ")


def _typography(match: re.Match[str]) -> str:
    return _TYPOGRAPHY[match.group()]


def content_hash(text: str) -> str:
    """Return the sha256 hex digest of the normalised body: equal for exact duplicates."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    """Return the case-folded words of ``text``, as ``normalise_for_hash`` would see them.

    Skip the punctuation and spacing steps of ``normalise_for_hash``: words never contain
    quotes, dashes or spaces, so those steps cannot change the result (and would be a
    large share of a signature's cost).
    """
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        # Invisible characters split words ("diplo\xadmatic") unless dropped first.
        text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text))
    return _WORD.findall(text.casefold())
