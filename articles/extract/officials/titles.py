"""What a mention's words say: a former post ("former President"), a name not to propose
(a place, a verb in a headline, a name glued to another), a known name inside a longer
one.

Pure: no Django.
"""

from __future__ import annotations

import re

from articles.extract.normalize import _PARTICLES, fold, name_key
from articles.extract.officials.index import OfficialIndex
from articles.extract.posts import POSSESSIVE_RE, Mention
from articles.extract.posts.vocabulary import (
    CANDIDACY,
    CAPITALISED_STRONG,
    LOWER_CASE_WEAK,
    NON_OFFICIAL_ENDS,
    NON_STATE,
    PORTFOLIOS,
    PUBLIC_WEAK,
    WEAK_POSTS,
    vocabulary,
)

_GLUED_RE = re.compile(r"[a-z]{2,}[A-Z]")  # a lower-case run, then a capital
_PARTY_STATE_NAME_RE = re.compile(r"[DRI]-[A-Z]")
# A lower-case particle and a capital after a name: the name goes on ("Giscard d'Estaing").
_NAME_GOES_ON_RE = re.compile(r" (?:d['’]|de |di |da |du |van |von |del |della )[A-Z]")


# "Mr. Trump": an honorific right before a surname (NYT style), searched up to the surname.
_HONORIFIC_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+$")

# "former US President Jimmy Carter", "ex-premier", "the late King", "then-Prime Minister",
# "ousted President": a post no longer held. The words between the qualifier and the name
# stay inside one sentence (a full stop only after a capital, as in "U.N.").
# Abbreviated titles whose dot ends no sentence: "then-Sen. Jane Doe".
_ABBREVIATED = "|".join(
    f"(?<={word})" for word in ("Sen", "Rep", "Gov", "Gen", "Adm", "Lt", "Col", "Capt", "Maj")
)
_FORMER_RE = re.compile(
    rf"""\b(?: (?: former | late | onetime | one-time | then | ousted | deposed | toppled
              | retired ) \b | ex- | then- )                # the qualifier
        (?: [\w\s'’-] | (?-i:(?<=[A-Z]))\. | (?-i:{_ABBREVIATED})\. ){{0,50}} $   # title words""",
    re.VERBOSE | re.IGNORECASE,
)


def _shorter_name_of(key: str, key_to_person: dict) -> tuple | None:
    """Return the person already named in full whose name ``key`` shortens, if one.

    "Sassou Nguesso" after "Denis Sassou Nguesso", "John Kufuor" after "John Agyekum
    Kufuor": two or more of the words of the longer name, in order, with its last word.
    """
    words = key.split()
    if len(words) < 2 or key in key_to_person:
        return None
    for other, pkey in key_to_person.items():
        longer = other.split()
        if len(longer) <= len(words) or longer[-1] != words[-1]:
            continue
        rest = iter(longer[:-1])
        if all(word in rest for word in words[:-1]):
            return pkey
    return None


def _former_cue(text: str, m: Mention) -> bool:
    """Return whether the text says ``m`` names a former office holder.

    "former US President Jimmy Carter", "then-Secretary of State", "the late senator", or
    a title as written that says so (", the former national security adviser,").
    """
    found = _FORMER_RE.search(text[max(0, m.start - 60) : m.start])
    if found is not None and not _NOT_A_TITLE.intersection(found[0].lower().split()):
        return True
    return bool(m.title) and says_former(m.title)


# Words that end a title: "some former American officials said President Trump" says
# nothing of Trump.
_NOT_A_TITLE = vocabulary(
    "said says told and or who whom that which when while officials under with by after "
    "before as like from"
)
# Words that open a title naming a post no longer held ("former", "ex-President",
# "then-Senator", "the late"). The article page and the exports read titles with them too.
FORMER_TITLE_WORDS = ("former", "onetime", "one-time", "the late", "late", "ex", "then")


def former_title_pattern(word_end: str) -> str:
    """Return a regex (case-insensitive) matching a title that opens with a former word;
    ``word_end`` is the dialect's end of word (``\\b`` in Python, ``\\M`` in PostgreSQL)."""
    return "^(?:" + "|".join(re.escape(w) for w in FORMER_TITLE_WORDS) + ")" + word_end


_FORMER_TITLE_RE = re.compile(former_title_pattern(r"\b"), re.IGNORECASE)


def says_former(title: str) -> bool:
    """Return whether a title as written says its post is no longer held."""
    return _FORMER_TITLE_RE.match(title) is not None


def _without_repeat(m: Mention) -> Mention:
    """Return ``m`` without a trailing repeat of its given name ("James Inhofe James", the
    start of a link-preview widget's full name)."""
    words = m.text.split()
    if len(words) < 3 or words[-1] != words[0]:
        return m
    text = " ".join(words[:-1])
    return Mention(text, name_key(text), m.start, m.field, m.known, m.title, m.post, m.kind,
                   m.country, m.org)  # fmt: skip


def _known_within(m: Mention, index: OfficialIndex) -> tuple[int, ...]:
    """Return the officials whose full name starts or ends a longer unknown name.

    Link-preview furniture and Title Case headlines glue words to a known name
    ("Chuck Grassley Charles", "John Kerry Arrives", "Crown Prince Mohammed bin Salman
    Al Saud"): the known name is the person, not a new candidate.
    """
    words = m.key.split()
    for n in range(len(words) - 1, 1, -1):
        for run in (words[:n], words[-n:]):
            ids = index.full_keys.get(" ".join(run), ())
            if ids:
                return ids
    return ()


# Verbs of headlines that follow a name in Title Case: "John Kerry Arrives".
_HEADLINE_VERBS = vocabulary(
    """says said arrives arrived meets met visits visited warns urges calls tells slams
    vows denies rejects signs backs blasts claims defends holds leads heads wins loses
    quits resigns dies talks speaks asks seeks plans faces hits pushes presses praises
    welcomes condemns threatens announces accuses agrees insists admits responds returns
    rips touts unveils named picks taps"""
)


def _proposable(m: Mention, index: OfficialIndex, text: str = "", home: str | None = None) -> bool:
    """Return whether an unknown titled name may be proposed as a candidate.

    Never a place, country or organisation ("Sri Lanka"), a name followed by a headline
    verb ("… Arrives"), a fragment cut off inside a word ("Bashar Ja" of "Ja'afari"), or
    furniture glued to a name ("TrumpGOP").
    """
    if m.key in index.rejected or not 2 <= len(m.key.split()) <= 4:
        return False
    if any(_GLUED_RE.search(word) for word in m.text.split()):
        return False  # page furniture glued to a name: "TrumpGOP"
    written = m.text.split()
    if fold(m.text) in index.places or _PARTY_STATE_NAME_RE.match(m.text):
        return False  # a place, or a party and state: "R-New York"
    if written[-1].lower() in _HEADLINE_VERBS and written[-2].lower() not in _PARTICLES:
        return False  # "John Doe Arrives", not "Qaboos bin Said"
    end = m.start + len(m.text)
    if (
        text[end : end + 1].isalpha()
        or (text[end : end + 1] in ("'", "’") and text[end + 1 : end + 2].islower())
        or _NAME_GOES_ON_RE.match(text, end)
    ):
        return False  # a fragment: the word or the name goes on ("Valéry Giscard d'Estaing")
    if m.post.lower() in CANDIDACY or m.kind == "candidate":
        return False  # a candidate for office holds none
    near = text[max(0, m.start - len(m.title) - 30) : m.start].split()
    before = [
        POSSESSIVE_RE.sub("", w.lower().rstrip(",")) for w in near[-len(m.title.split()) - 4 :]
    ]
    if any(w in NON_STATE or w in NON_OFFICIAL_ENDS for w in before):
        return False  # "Taliban spokesman", "Trump campaign adviser", "analyst retired Col."
    if written[-1].rstrip(".").lower() in ("jr", "sr"):
        return False  # "Donald Trump Jr.": a relative, named by the family name
    post = m.post.lower()
    if post in CAPITALISED_STRONG and m.post[:1].isupper():
        return True  # "General Raymond Odierno", "Commander Jane Roe"
    weak = post in WEAK_POSTS or (m.post.islower() and post.replace(" ", "-") in LOWER_CASE_WEAK)
    if weak and any(w.lower() in PORTFOLIOS for w in m.title.split()):
        weak = False  # "Defense Secretary", "Interior Ministry official"
    return not weak or bool(m.country or m.org) or (home is not None and post in PUBLIC_WEAK)
