"""Keep editors' correction notices apart from an article's body.

Pure: no Django. A notice ("Correction: An earlier version of this story cited Iran
instead of Iraq.") names what the story got wrong, so extraction would tag the wrong
country or official from it; it is shown with the article instead of being part of the
text extraction reads. A paragraph is a notice as a whole, recognised by how it opens:

* a **correction label**: "Correction:", "CLARIFICATION —", "Correction (5 March 2019):",
  "[Correction: …]", "Corrections & Clarifications:";
* a **weaker label** ("Editor's note:", "Update:", "Note to readers:") whose text is about
  this article being corrected or revised; any other editor's note stays in the body;
* a **sentence about the article itself**: "An earlier version of this story misstated …",
  "This article has been corrected …", "This story has been updated to correct …",
  "This version corrects …", "(Corrects paragraph 3 …)", "We regret the error.";
* a **label on a line of its own** ("CORRECTION", "Correction: March 5, 2019") when the
  paragraph after it is the notice.

Prose that merely uses the word ("The ministry issued a correction on Tuesday, …") stays
in the body: a label counts only at the paragraph's start and followed by a colon or dash.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A paragraph longer than this is article prose (or a whole article glued into one
# paragraph by a scraper), never a notice: cutting it would lose the story.
MAX_NOTICE = 1000
# A bare label takes at most a paragraph this long after it as its notice.
MAX_FOLLOWING = 600

# What may precede a label or sentence: brackets, markdown emphasis, a bullet.
_LEAD = r"^ [\s\[(*_#•>]{0,4}"

# A date as notices write it: "5 March 2019", "March 5, 2019", "Oct. 4", "2019-03-05".
_DATE = r"""
    (?: \d{1,2} (?:st|nd|rd|th)? \s+ [a-z]{3,9} \.? ,? \s+ \d{4}         # 5 March 2019
      | [a-z]{3,9} \.? \s+ \d{1,2} (?:st|nd|rd|th)? (?: ,? \s+ \d{4} )?  # March 5, 2019
      | \d{4}-\d{2}-\d{2} | \d{1,2}/\d{1,2}/\d{2,4} )                    # numeric forms
    (?: ,? \s* (?:at \s+)? \d{1,2} [:.] \d{2} \s* (?:[ap] \.? m \.?)? (?: \s+ [a-z]{2,4} )? )?
"""

# Words for the article itself, after "this": "this story", "this photo caption".
_NOUN = r"""
    (?: article | story | post | blog \s+ post | piece | item | column | op-?ed | editorial
      | headline | (?:photo \s+)? caption | graphic | chart | map | video | podcast
      | newsletter | obituary | review | interview | essay | analysis | report | feature
      | dispatch | transcript | list | briefing | explainer ) s?
"""
# The nouns that, after "This … was corrected", cannot be another body's document:
# "This report was corrected by the agency" is news about a report.
_STRICT_NOUN = r"""
    (?: article | story | post | blog \s+ post | piece | item | column | headline
      | (?:photo \s+)? caption | version ) s?
"""

# Labels that are notices whatever follows them, and labels that are notices only when
# their text is about a correction or revision of this article.
_STRONG_LABEL = r"""
    (?: correction | clarification ) s?
    (?: \s* (?: & | and | / | , ) \s* (?: correction | clarification | amplification
                                   | update ) s? )?  # "Corrections & Amplifications"
    (?P<appended> \s+ appended )?                       # "Correction appended"
"""
_WEAK_LABEL = r"""
    (?: editor (?: ['’ʼ]? s | s ['’ʼ]? )? | ed \. | editorial ) \s+ note   # "Editor's note"
  | note \s+ to \s+ (?:our \s+)? readers | note | updated? | amended
"""

_LABEL_RE = re.compile(
    rf"""
    {_LEAD}
    (?: (?P<strong> {_STRONG_LABEL} ) | (?P<weak> {_WEAK_LABEL} ) )
    [*_]{{0,3}}
    (?: \s* \( [^()]{{1,60}} \)                         # "Correction (March 5, 2019):"
      | \s+ at \s+ \d{{1,2}} [:.] \d{{2}} [^:\n]{{0,30}}      # "Correction at 1:36 p.m. ET:"
      | \s* ,? \s* (?: on \s+ | made \s+ on \s+ | dated \s+ )? {_DATE} )?  # "Correction 5 March:"
    [*_\])]{{0,3}}
    (?: \s* (?: [:：] | [—–] | -{{1,2}} (?=\s) ) [\s*_]* (?P<rest> .*)  # a colon or a dash
      | \W* $ )                                          # or nothing: the label alone
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

# A paragraph that is only a date ("March 5, 2019"), as after "Correction:".
_DATE_ONLY_RE = re.compile(rf"^ \W* {_DATE} \W* $", re.VERBOSE | re.IGNORECASE)


# Words by which a text says it corrects something: what an update, an editor's note or
# the paragraph after a bare label must contain to be a notice.
_CUE = r"""
    \b (?: correct (?: ed | ion | ions | s | ing )? | clarif \w* | errors? | erroneous (?:ly)?
      | mistaken (?:ly)? | incorrect (?:ly)? | inaccura \w* | wrongly | misstat \w*
      | mis (?: spell | spelt | identif | quot | attribut | characteri[sz] | represent
            | label | nam | print | translat | report | took | read ) \w*
      | (?: earlier | previous | prior | original ) \s+ version ) \b
"""
_CUE_RE = re.compile(_CUE, re.VERBOSE | re.IGNORECASE)
# The stronger cues a paragraph after a bare label needs: "error" or "correct" alone
# occur in the first paragraph of many stories.
_FOLLOWING_RE = re.compile(
    r"""
    \b (?: incorrectly | erroneously | mistakenly | wrongly | misstat \w*
      | mis (?: spell | spelt | identif | quot | attribut | characteri[sz] | represent
            | label | nam | print | translat ) \w*
      | (?: earlier | previous | prior | original ) \s+ version
      | should \s+ have \s+ (?: said | read | been | stated ) ) \b
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Sentences that are notices by themselves, at a paragraph's start.
_SENTENCE_RE = re.compile(
    rf"""
    {_LEAD}
    (?:
      # "An earlier version of this article misstated …", "In a previous version of this story"
      (?: in \s+ )? (?: (?: an? | the | our ) \s+ )?
        (?: earlier | previous | prior | original | initial ) \s+ versions? \s+
        of \s+ this \s+ {_NOUN} \b
      # "This article has been corrected …", "This story was clarified", "This version corrects"
    | this \s+ {_STRICT_NOUN} (?: \s+ of \s+ this \s+ {_NOUN} )?
        \s+ (?: (?: has | had ) \s+ been \s+ | was \s+ | is \s+ (?: being \s+ )? )?
        (?: corrected | clarified | amended | corrects | clarifies | amends ) \b
      # "This story has been updated to correct …": an update that says it corrects
    | this \s+ {_STRICT_NOUN} \s+ (?: (?: has | had ) \s+ been | was ) \s+
        (?: updated | revised | edited | changed | modified ) \b (?= .* {_CUE} )
      # "Updated to correct the spelling of …"
    | (?: updated | revised | edited ) \s+ to \s+ (?: correct | clarify | fix ) \b
      # "Because of an editing error, an earlier version of this story …"
    | (?: because \s+ of | due \s+ to | owing \s+ to ) \s+ an? \s+ (?: \w+ \s+ )?
        (?: editing | reporting | production | editorial | transcription | translation ) \s+
        errors? \b (?= .* (?: (?: earlier | previous | prior | original ) \s+ version
                           | this \s+ {_NOUN} \b ) )
      # "A correction was made to this article …", "A correction was made on March 5, 2019:"
    | a \s+ correction \s+ (?: has \s+ been | was ) \s+ (?: made | appended | added ) \s+
        (?: to \s+ this \s+ {_NOUN} \b | on \s+ {_DATE} \s* : )
      # Wire notes in brackets: "(Corrects paragraph 3 to show …)", "(Refiles to correct typo)"
    | (?<= [\[(] ) (?: corrects | clarifies | refiles \s+ to \s+ (?: correct | clarify ) ) \b
      # "We regret the error.", "The Daily Ledger regrets the errors." on their own
    | (?: we | the \s+ [\w.&'’ -]{{1,40}}? ) \s+ regrets? \s+ (?: the | this | these ) \s+
        errors? \W* $
    )
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)

# What an editor's note or update says when it is about this article's revision:
# "Editor's note: This story has been updated." (the bare update counts after a label).
_REVISED_RE = re.compile(
    rf"""
    {_LEAD} this \s+ {_STRICT_NOUN} \s+ (?: (?: has | had ) \s+ been | was | is ) \s+
    (?: corrected | clarified | amended | updated | revised | edited ) \b
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Self-reference of a note's text: "this article", "an earlier version".
_SELF_RE = re.compile(
    rf"\b (?: this \s+ {_NOUN} | (?: earlier | previous | prior | original ) \s+ version ) \b",
    re.VERBOSE | re.IGNORECASE,
)


class _Label(NamedTuple):
    strong: bool  # a correction or clarification label, not an editor's note or update
    bare: bool  # nothing after it but a date: the notice is the next paragraph
    appended: bool  # "Correction appended": a pointer to a notice elsewhere
    rest: str  # the text after the label


def split_corrections(paragraphs: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Return (the paragraphs that are not correction notices, the notices), in order.

    A body made of nothing but notices is a corrections column: it stays the body.
    """
    labels = [_label(p) for p in paragraphs]
    flags = [_is_notice(p, label) for p, label in zip(paragraphs, labels, strict=True)]
    for index, label in enumerate(labels[:-1]):
        if label is None or not label.bare or label.appended:
            continue
        # A label on its own line heads the paragraph after it: "CORRECTION" then "The
        # article misspelled …", or "Editor's note:" then "This story has been corrected …".
        following = paragraphs[index + 1]
        if flags[index + 1] or (
            label.strong and len(following) <= MAX_FOLLOWING and _FOLLOWING_RE.search(following)
        ):
            flags[index] = flags[index + 1] = True
    if not any(flags) or all(flags):
        return list(paragraphs), ()
    kept = [p for p, notice in zip(paragraphs, flags, strict=True) if not notice]
    notices = tuple(p for p, notice in zip(paragraphs, flags, strict=True) if notice)
    return kept, notices


def is_correction(paragraph: str) -> bool:
    """Return whether ``paragraph`` alone is a correction notice (a bare label is not)."""
    return _is_notice(paragraph, _label(paragraph))


def _is_notice(paragraph: str, label: _Label | None) -> bool:
    """Return whether ``paragraph``, which opens with ``label``, is a notice by itself."""
    if len(paragraph) > MAX_NOTICE:
        return False
    if label is not None:
        if label.bare:
            return False
        if label.strong:
            return True
        # An editor's note or update is a notice only when it is about a correction or
        # revision of this article: "Editor's note: The author is a former ambassador" is not.
        rest = label.rest
        return bool(
            _SENTENCE_RE.match(rest)
            or _REVISED_RE.match(rest)
            or (_CUE_RE.search(rest) and _SELF_RE.search(rest))
        )
    return bool(_SENTENCE_RE.match(paragraph))


def _label(paragraph: str) -> _Label | None:
    """Return the label ``paragraph`` opens with ("Correction:", "Editor's note —"), if any."""
    if len(paragraph) > MAX_NOTICE:
        return None
    match = _LABEL_RE.match(paragraph)
    if match is None:
        return None
    rest = (match.group("rest") or "").strip()
    return _Label(
        strong=match.group("strong") is not None,
        bare=not rest.strip("*_[]()") or bool(_DATE_ONLY_RE.match(rest)),
        appended=match.group("appended") is not None,
        rest=rest,
    )
