"""What furniture looks like: the patterns and cheap pre-checks tried on each paragraph."""

from __future__ import annotations

import re

# Paragraphs longer than this are article prose, never boilerplate by a loose pattern.
SHORT = 300


# Repeated paragraphs up to this long are learned (``FurnitureLearner``): sidebar quotes,
# promos and bios run to 1,400 characters on allsides-all; a longer text repeated word for
# word is a document quoted in full, and the bound keeps the learner's texts small.
LONG_LEARNED = 2000


# "Contains" patterns (a "Sign up for" sentence inside a promo blurb) look this far.
MEDIUM = 700


# Furniture recognised by how a paragraph starts, at any length: these openings do not
# begin sentences of news prose.
_PREFIX_RE = re.compile(
    r"""
    ^ \W{0,3} (?:
        \d+ \s* -? \s* min(?:ute)?s? \s+ read\b                 # "2 minute read."
      | reading \s+ time \s* :                                 # "Reading time: 3 min"
      | sign \s+ up \s+ for \b                                 # newsletter promos
      | subscribe \s+ (?:to|now|for|today|here) \b             # subscription promos
      | be \s+ the \s+ first \s+ to \s+ know \b                # "Be the first to know…"
      | click \s+ (?:here|for) \b                              # "Click for full … coverage"
      | see \s+ also \s* :                                     # "SEE ALSO: <teaser>"
      | join \s+ (?:us \s+ on | our \s+ \w+ \s+ page | [\w ]{0,40} premium) \b  # joins
      | follow \s+ (?:us \b | @ | [\w.' -]{1,40} \s+ on \s+ (?:twitter|facebook|instagram))
      | share \s+ this \s+ (?:article|story) \b                # share widgets
      | listen \s+ to \s+ (?:this \s+)? article \b             # audio widgets
      | image \s+ (?:copyright|caption) \b                     # BBC image furniture
      | media \s+ playback \s+ is \s+ unsupported \b           # BBC video furniture
      | enlarge \s+ this \s+ image \b                          # NPR image furniture
      | file \s+ photo \b                                      # Reuters captions
      | file \s+ [-–—] \s+ in \s+ this \b                      # AP captions
      | copyright \b | © | \(c\) \s* \d{4}                     # copyright lines
      | all \s+ rights \s+ reserved \b
      | story \s+ continue[sd] \s+ below \b                    # Politico
      | continue \s+ reading \s+ (?:below|the \s+ main \s+ story) \b
      | more \s+ on \s+ this \s* \.{3}                         # Fox "More On This..."
      | slideshow \s* \( \d+ \s+ images? \)                    # Reuters slideshow stub
      | (?:prev|next) \s+ image \s+ \d+ \s+ of \s+ \d+         # gallery navigation
      | this \s+ article \s+ is \s+ more \s+ than \s+ \d+      # Guardian age banner
      | get \s+ the \s+ monitor \s+ stories \b                 # CSM promo
      | interested \s+ in \s+ [^?]{1,80} \? \s+ add \b         # ABC promo
      | just \s+ watched \b                                    # CNN video stub
      | watch \s+ the \s+ latest \s+ video \b                  # Fox video stub
      | photos? \s* : \s                                       # "Photo: …", "PHOTOS: …"
      | \( \s* (?:see \s+ also|photos?|video|related|watch) \s* :  # "( WATCH: …)" asides
      | (?-i: (?:NOW \s+)? WATCH \s* : )                          # "WATCH: <video promo>"
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Whole short paragraphs that are furniture (matched against paragraphs <= SHORT).
_SHORT_RE = re.compile(
    r"""
    ^ (?:
        advertisement \s* :? (?: \s+ (?:advertisement|continue \s+ reading .*) )*  # ads
      | ad | photo | video | youtube | close | loading \.* | \[[a-z ]+\]           # stubs
      | read \s+ more (?: \s* : | \s+ (?:from|about|on|here|stories) \b) .*  # "Read more: …"
      | more \s* : .*                                         # USA Today "More: …"
      | \(? \s* (?:additional \s+)? (?:reporting|writing|editing|compiled|
            produced) \s+ by \b .*                            # "Reporting by …; Editing by …"
      | (?:the \s+)? associated \s+ press (?: \s+ and \s+ \w+)? \s+ contributed .*
      | contributing \s* : .*                                 # USA Today credits
      | updated \s+ at \s+ [\d:.]+ \s* [ap]\.?m\.? (?: \s+ \w+)? \W*   # timestamps
      | [\s_*•⦁~=-]{3,}                                        # separators "___", "• • •"
    ) $
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Furniture recognised by a phrase anywhere in a short paragraph (searched, not matched:
# a leading ".*" in a match would backtrack over every paragraph).
_SHORT_SEARCH_RE = re.compile(
    r"""
        \( \s* photo \s+ credit \s* :                           # "(photo credit: …)"
      | \| \s* photo \s+ credit \s* :                           # "| Photo Credit: AP"
      | \b (?:photo|picture|image|credit) \s* : \s* [\w /.&,'-]{1,60} $  # "…. Photo: Reuters"
      | \b getty \s+ images \W* $                              # credit at the end
      | \b (?:reuters|ap|afp|epa) / [\w .'/-]{1,60} $           # "… REUTERS/Zohra Bensemra"
      | \b contributed \s+ to \s+ this \s+ (?:report|story|article) \W* $
      | \b (?:sign(?:ing)? \s+ up|subscribe) \b .* \b
            (?:newsletter|inbox|e-?mail|briefing)s? \b         # newsletter blurbs
      | \b (?:follow|join) \s+ us \s+ on \s+ (?:twitter|facebook|instagram)
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Case-sensitive promos inside a longer blurb: "Fight back! Sign up for …". Prose says
# "sign up for" in lower case; the capitalised form is a widget's call to action. They
# count anywhere in a paragraph of at most MEDIUM characters (the cleaner's rule).
_PROMO_SENTENCE_RE = re.compile(
    r"Sign up (?:for\b|here)|Click here|Be the first to know|Click for full"  # literals: fast
)


def _folds_to_ascii(paragraph: str) -> bool:
    """Return whether ``paragraph`` has a non-ASCII character IGNORECASE matches to ASCII.

    There are four (found by trying every code point): the long s, the dotless i, the
    dotted capital I, the Kelvin sign. Four ``in`` tests written out, not a generator over
    the four characters: one paragraph in four is tested, and a generator costs more than
    the tests themselves.
    """
    return (
        "\u017f" in paragraph
        or "\u0131" in paragraph
        or "\u0130" in paragraph
        or "\u212a" in paragraph
    )


def _short_hint(paragraph: str) -> bool:
    """Return whether ``paragraph`` may match ``_SHORT_SEARCH_RE`` (a cheap pre-check).

    It may say yes when the pattern finds nothing, never the reverse.
    """
    if paragraph.isascii():
        return _has_short_hint_words(paragraph.lower())
    if _folds_to_ascii(paragraph):
        return True  # rare: let the pattern decide
    # Without those, the words can only be spelled in ASCII: drop the other characters
    # (which may join two fragments into a word, a harmless yes) and search ASCII text,
    # which ``in`` scans much faster than a non-ASCII str.
    return _has_short_hint_words(paragraph.encode("ascii", "ignore").decode("ascii").lower())


def _has_short_hint_words(lowered: str) -> bool:
    """Return whether ``lowered`` has the words that one of ``_SHORT_SEARCH_RE``'s forms needs.

    ``in`` costs a small part of the pattern's pass; requiring the pairs ("sign" is in
    "design", "follow" in "following") spares most prose paragraphs the pattern too.
    """
    return (
        "/" in lowered  # "REUTERS/Jane Doe"
        or "getty" in lowered
        or "contributed" in lowered
        or (
            ":" in lowered  # "Photo: Reuters", "(photo credit: …)"
            and (
                "photo" in lowered
                or "picture" in lowered
                or "image" in lowered
                or "credit" in lowered
            )
        )
        or (
            ("sign" in lowered or "subscri" in lowered)
            and (
                "newsletter" in lowered
                or "inbox" in lowered
                or "mail" in lowered
                or "briefing" in lowered
            )
        )
        or (
            ("follow" in lowered or "join" in lowered)
            and ("twitter" in lowered or "facebook" in lowered or "instagram" in lowered)
        )
    )


# Photo credits, so that the caption line just before one can go too.
_CREDIT_RE = re.compile(
    r"""
    \( \s* photo \s+ credit \s* : .* \)     # "(photo credit: REUTERS/…)"
    | \| \s* photo \s+ credit \s* :         # "| Photo Credit: AP"
    | ^ image \s+ copyright \b              # BBC
    | \b getty \s+ images \W* $             # "… /Getty Images"
    """,
    re.VERBOSE | re.IGNORECASE,
)


# Donation and subscription letters ("Dear Reader, … Thank you, <signature>").
# A photo agency's credit after a bar, as captions carry it ("… Menendez. | REUTERS").
_AGENCY_CREDIT_RE = re.compile(r"\s\|\s+(?:REUTERS|AP|AFP|GETTY IMAGES|AP PHOTO|EPA|GETTY)\b")


_APPEAL_START_RE = re.compile(r"^dear\s+(?:valued\s+)?(?:readers?|subscribers?)\b", re.IGNORECASE)


_SIGN_OFF_RE = re.compile(
    r"^(?:(?:with\s+|many\s+)?thanks?(?:\s+you)?|with\s+gratitude|sincerely|"
    r"(?:best\s+|kind\s+|warm\s+)?regards|best\s+wishes|yours(?:\s+truly|\s+sincerely)?)\W*$",
    re.IGNORECASE,
)


# Section headings after which a page lists other articles. A heading stands alone; the
# "teaser" forms (Reuters' inline "Related Coverage <headline>", "Read more: <headline>")
# are promotions inside the article and never start a tail.
_TAIL_RE = re.compile(
    r"""
    ^ (?:
        (?: related \s+ (?:content|articles?|stories|coverage|news|links|reading)  # "Related Content"
          | read \s+ more | more \s+ from (?: \s+ [^\s.]+ ){1,4}   # "READ MORE", "More from X"
          | recommended (?: \s+ for \s+ you)?                     # "Recommended"
          | you \s+ (?:may|might) \s+ also \s+ like                # "You may also like"
          | most \s+ (?:read|popular) | more \s+ stories
        ) \s* (?: : | \.{3} | … )? $                               # bare heading
      | (?P<teaser>
          related \s+ (?:content|articles?|stories|coverage) \s* :? \s+ \S.{0,200}  # inline
        | read \s+ more \s* : \s* \S.{0,200}                      # "Read more: <headline>"
        ) $
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)


_LONG = 200  # a paragraph this long after a tail marker means the article goes on


def _promo_hint(paragraph: str) -> bool:
    # Each literal of _PROMO_SENTENCE_RE starts with one of these: three searches cost
    # less than the pattern's pass over a paragraph without any of them, and a pattern
    # that is one literal finds it faster than ``in`` does.
    return bool(
        _SIGN_UP.search(paragraph) or _CLICK.search(paragraph) or _BE_FIRST.search(paragraph)
    )


_SIGN_UP, _CLICK, _BE_FIRST = map(re.compile, ("Sign up ", "Click ", "Be the first"))


def _caption_like(paragraph: str) -> bool:
    # A caption or teaser headline: short, and not a sentence of prose.
    return len(paragraph) <= 150 and paragraph[-1] not in '.!?:"”'
