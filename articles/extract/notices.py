"""Find an outlet's correction notices in an article's text.

Pure: no Django. "CORRECTION: An earlier version of this story cited Iran instead of
Iraq." names countries, people and bodies the story is not about: the extractors skip
what lies inside these spans.

A notice starts at the start of a paragraph or a sentence (after markup such as "*",
"_", "(" or "[", or after a label such as "Note:") and runs to the end of its paragraph
(a parenthesised one to its closing parenthesis). It is one of:

- a label and a colon or dash: "CORRECTION:", "Correction (May 3) -",
  "Corrections & Amplifications:", "Clarification:";
- "An earlier (a previous, the original) version of this story (article, report, ...)";
- "This story (article, ...) has been (was) corrected (clarified, updated to correct)";
- "This version corrects ..."; Reuters' "(Corrects paragraph 3 ...)".

An update note ("This story has been updated with comment from Iran") is no correction:
what it names is in the story.

The word alone never makes a notice: "the market correction", "Correction officers
said", "a correction of 10%" are the story.
"""

from __future__ import annotations

import re

# What a story calls itself in its notices.
_PIECE = r"(?:story|article|report|column|post|piece|item|headline|caption|graphic|video|blog)"
# The second word of a two-word label: "Corrections & Amplifications" (the WSJ).
_SECOND = "Amplifications|AMPLIFICATIONS|Clarifications|CLARIFICATIONS"
_NOTICE_RE = re.compile(
    rf"""
    (?: CORRECTIONS? | Corrections? | CLARIFICATIONS? | Clarifications? )  # the label
    (?: \s* (?: & | and ) \s* (?: {_SECOND} ) )?                # "& Amplifications"
    (?: \s+ (?: at | on ) \s [^:\n\]]{{1,40}} )?                # "at 1:36 p.m. ET"
    (?: \s* \( [^)\n]{{1,40}} \) )?                              # "(May 3, 2024)"
    \s* (?: : | \] | [-\u2013\u2014] \s | \n )                   # a colon, dash or line end
  | (?: An | A | The ) \s+ (?: earlier | previous | prior | original ) \s+ versions? \s+
    of \s+ this \s+ {_PIECE}                          # "An earlier version of this story"
  | Earlier \s+ versions \s+ of \s+ this \s+ {_PIECE}   # "Earlier versions of this story"
  | This \s+ {_PIECE} \s+ (?: has \s+ been | was | is \s+ being ) \s+  # "This story was
    (?: corrected | clarified                                 # corrected", "updated to correct"
      | (?: updated | amended | revised | changed ) \s+ to \s+ (?: correct | clarify ) )
  | This \s+ version \s+ (?: corrects | clarifies )
  | (?<=\() (?: Corrects | Clarifies | Refiles \s+ to \s+ correct ) \b  # "(Corrects ...)"
    """,
    re.VERBOSE,
)
# Marks that may stand between a sentence's start and a notice: "*Correction:", "[".
_MARKS = "*_([ \t"
# What ends the sentence before a notice: "...said. Correction:", "Note: An earlier".
_ENDS = ".!?:"
_CLOSERS = "\u201d\"\u2019')"
# Every notice opening holds one of these (Correction, clarify, version): the text is
# searched around them only, since a few substring scans cost far less than running the
# pattern over the whole text of every article.
_ANCHORS = ("orrect", "ORRECT", "larif", "LARIF", "ersion")
# How far before its anchor an opening may start, and after it end ("This caption has
# been updated to correct": 35 before; "Corrections & Clarifications at ... (...):" 130 after).
_BEFORE, _AFTER = 60, 160

_BLANK_RE = re.compile(r"\s*")

# The spans of the last text read: (text, spans). The country and organisation
# extractors both ask for those of the same ``full_text`` (the same object).
_last: tuple[str | None, tuple[tuple[int, int], ...]] = (None, ())


def notice_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the ``(start, end)`` spans of the correction notices in ``text``, in order."""
    global _last
    last_text, last_spans = _last
    if last_text is text:
        return last_spans
    windows = []
    for anchor in _ANCHORS:
        at = text.find(anchor)
        while at != -1:
            windows.append((max(0, at - _BEFORE), at + _AFTER))
            at = text.find(anchor, at + len(anchor))
    spans: list[tuple[int, int]] = []
    for low, high in _merged(windows):
        for found in _NOTICE_RE.finditer(text, low, high):
            start = found.start()
            if (spans and start < spans[-1][1]) or not _sentence_start(text, start):
                continue  # inside the previous notice's paragraph, or inside a sentence
            spans.append((start, _notice_end(text, start, found.group())))
    _last = (text, tuple(spans))
    return _last[1]


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return ``windows`` sorted, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _sentence_start(text: str, start: int) -> bool:
    """Return whether ``start`` opens a paragraph or a sentence (after ``_MARKS``)."""
    at = start
    while at > 0 and text[at - 1] in _MARKS:
        at -= 1
    if at == 0 or text[at - 1] == "\n":
        return True
    if at == start or text[at] not in " \t":
        return False  # no space before: "said:Correction", "Iran's-Correction"
    before = text[at - 1]
    if before in _CLOSERS and at > 1:
        before = text[at - 2]
    return before in _ENDS


def _notice_end(text: str, start: int, opening: str) -> int:
    """Return where the notice starting at ``start`` ends: its paragraph's end (or ")").

    A label alone on its line ("Corrections & Amplifications") heads the next paragraph.
    """
    at = start + len(opening)
    if opening.endswith("\n"):
        at = _BLANK_RE.match(text, at).end()  # the blank lines after the label
    line_end = text.find("\n", at)
    if line_end == -1:
        line_end = len(text)
    if start > 0 and text[start - 1] == "(":
        close = text.find(")", start, line_end)
        if close != -1:
            return close + 1
    return line_end
