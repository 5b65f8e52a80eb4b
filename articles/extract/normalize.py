"""Normalised keys for matching names written in different ways.

Pure: no Django. ``name_key`` folds case, accents, punctuation, Arabic particles and the
common transliteration variants of the press, so that "Walid al-Moallem", "Walid
Muallem" and "WALID_MUALEM" share one key, as do "Gaddafi", "Qaddafi" and "Kadhafi".

The reference builder (``scripts/reference_build``) merges the rows of its sources into
one official by a stricter key of the same kind: ``name_key(name, merging=True)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Particles dropped from keys: "al-Assad" == "Assad" for matching purposes.
_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "bin", "ibn", "ben", "abu"})

# Particles that are also given names when they come first.
_NAMES = frozenset({"ben"})

# A word of a folded text: what is left of it once accents and punctuation are gone.
_WORD_RE = re.compile(r"[a-z0-9]+")

# How each word is rewritten (after ASCII folding and lower-casing), in order:
# - an initial guttural, aspirated or not, is "k": Qaddafi / Kadhafi / Gaddafi;
_INITIAL_GUTTURAL_RE = re.compile(r"^(q|k|g)h?")
# - "dh" is "d" (Kadhafi -> Kadafi), "kh" is "k" (Khamenei / Hamenei spellings differ in
#   the k): plain strings, replaced with ``str.replace``;
# - vowels vary most between transliterations: every run of them is one "a" (which also
#   folds "ou" into "u", Mouallem -> Muallem, and "ee" into "i", Shareef -> Sharif). Each
#   vowel becomes an "a" here, and the runs of "a" are collapsed with the doubled letters;
_VOWELS_TO_A = str.maketrans("eiouy", "aaaaa")
# - doubled letters are single: Gaddafi -> Gadafi, Moallem -> Moalem (a letter the next
#   one repeats is dropped: a lookahead, so the replacement holds no group reference,
#   which ``re`` would expand in Python for every match);
_DOUBLED_RE = re.compile(r"(.)(?=\1)")
# - a trailing vowel (now a single "a") is often dropped or added.


def fold_words(text: str) -> list[str]:
    """Return the words of ``text`` without accents, lower-cased (``fold(text).split()``).

    Name keys and the officials' lookups fold every new capitalised sequence of an
    article: the words are found with one precompiled regex, one pass where a
    substitution, a split and a join would take three.
    """
    if text.isascii():  # nothing to decompose (most names): the same, faster
        ascii_text = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        ascii_text = ascii_text.replace("ı", "i").lower()
    return _WORD_RE.findall(ascii_text)


def fold(text: str) -> str:
    """Return ``text`` without accents, lower-cased, punctuation turned into spaces."""
    return " ".join(fold_words(text))


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """Return the transliteration-folded key of one lower-case ASCII word (cached).

    The rules above, as two small patterns and plain string operations rather than one
    regex substitution per rule: the same keys (checked over 400,000 different words
    and 1.6 million names), at a fraction of the cost of a miss.
    """
    word = _INITIAL_GUTTURAL_RE.sub("k", word).replace("dh", "d").replace("kh", "k")
    word = _DOUBLED_RE.sub("", word.translate(_VOWELS_TO_A))
    return word[:-1] if word.endswith("a") else word


def name_key(name: str, *, merging: bool = False) -> str:
    """Return the matching key of a person's name (Phoenix's UPPER_SNAKE included).

    "_" is punctuation to ``fold_words``, so "WALID_MUALEM" has the words of "Walid Mualem".
    ``merging`` gives the reference builder's key instead (see ``_merge_key``), which
    sources' rows share when they are one official.
    """
    if merging:
        return _merge_key(name)
    words = fold_words(name)
    if "abd" in words:  # "Abd al-Mahdi", "Abd el-Aziz" spell "Abdul", "Abdel": one word
        words = _joined_abd(words)
    # A name's first word is a given name even when it spells a particle ("Ben Rhodes").
    return " ".join(
        [
            word_key(w)
            for n, w in enumerate(words)
            if w not in _PARTICLES or (n == 0 and w in _NAMES)
        ]
    )


_ABD_PARTICLES = frozenset({"al", "el", "ul", "ar", "an", "as", "ash", "ad"})


def _joined_abd(words: list[str]) -> list[str]:
    """Return ``words`` with "abd" and the particle after it joined: "abd al" -> "abdal"."""
    out: list[str] = []
    skip = False
    for n, w in enumerate(words):
        if skip:
            skip = False
            continue
        if w == "abd" and n + 1 < len(words) and words[n + 1] in _ABD_PARTICLES:
            out.append("abdal")
            skip = True
        else:
            out.append(w)
    return out


# The reference builder's merge key ------------------------------------------------------
# Stricter than the press key above: it drops titles and initials as well as particles,
# and keeps vowels apart ("Abd"/"Abdul" fold into one word; "ou"/"oo"/"o" into "u").

# Letters that NFKD does not decompose, mapped by hand so that keys stay ASCII.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "đ": "d", "ß": "ss"})

# fmt: off
# Words a merge key drops: particles (Arabic, Romance, Germanic) and titles. Initials
# (one letter) go too.
MERGE_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "della", "der", "van", "von", "la",
    "le", "du", "dos", "das", "do", "y", "ul", "ud", "ben", "abu", "ould", "ag", "ter",
})
MERGE_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "dr", "h", "e", "he", "sir", "bey", "acting", "pasha", "prince",
    "princess", "king", "queen", "president", "general", "gen", "lord", "mme", "madame",
    "monsieur", "hrh", "excellency", "his", "her", "sayyid", "haji", "hon", "honourable",
    "honorable", "lt", "col", "colonel", "marshal", "admiral", "major", "captain", "emir",
    "amir", "sultan", "rev", "reverend", "father", "baron", "dame", "mister", "minister",
    "prime", "senor", "don", "dona", "dato", "datuk", "tun", "tan", "sri", "ii", "iii", "iv",
    "jr", "sr", "first", "secretary", "ambassador",
})
# Transliteration variants, replaced in this order within each word.
_MERGE_TRANSLITERATIONS = (
    ("kh", "k"), ("q", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("ck", "k"),
    ("ou", "u"), ("oo", "u"), ("o", "u"), ("ee", "i"), ("e", "i"), ("y", "i"), ("w", "u"),
)
# fmt: on

# "Abd al-Mahdi", "Abd el Mahdi", "Abdul-Mahdi", "Abdel Mahdi", "Abdelmahdi": "abdul mahdi".
_ABD_COMPOUND_RE = re.compile(
    r"""\babd                  # "servant (of)"
        (?![aeu]l{1,2}ah)       # but "Abdullah", "Abdallah", "Abdulahi" are names of their own
        (?: [ -]? [aeu]l [ -]*  # the article, written apart, hyphenated or joined
          | [ -]+ )             # or no article, but a separate word follows
        (?=[a-z])               # the divine name it is joined to""",
    re.VERBOSE,
)


def strip_accents(text: str) -> str:
    """Return ``text`` with accents removed (NFKD, combining marks dropped), case and
    punctuation kept: "Bogotá" -> "Bogota", "Støre" -> "Store"."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded.translate(_UNDECOMPOSED)


_APOSTROPHES_RE = re.compile(r"['’`]")
_NOT_LETTERS_RE = re.compile(r"[^a-z]+")
_REPEATS_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def _merge_key(name: str) -> str:
    """Return the reference builder's merge key of ``name`` (its tokens, space-separated).

    ASCII-folded, lower-cased, apostrophes removed, the "Abd al-" compound spelt "abdul",
    split on anything but letters; particles, titles and initials dropped; each token
    transliteration-folded and its doubled letters made single. Cached: the builder asks
    for the key of each of its ~35,000 different names about nine times.
    """
    text = strip_accents(name).lower()
    text = _APOSTROPHES_RE.sub("", text)
    text = _ABD_COMPOUND_RE.sub("abdul ", text)
    out = []
    for token in _NOT_LETTERS_RE.split(text):
        if len(token) <= 1 or token in MERGE_PARTICLES or token in MERGE_HONORIFICS:
            continue
        for old, new in _MERGE_TRANSLITERATIONS:
            token = token.replace(old, new)
        out.append(_REPEATS_RE.sub(r"\1", token))
    return " ".join(out)


# Given names the press shortens: the formal name -> its usual short forms (English
# hypocorisms; "Chris Hill" is "Christopher R. Hill", "Chuck Schumer" "Charles Schumer").
NICKNAMES: dict[str, tuple[str, ...]] = {
    formal: tuple(short.split())
    for formal, short in (
        line.split(":")
        for line in """
william: bill will billy
robert: bob rob bobby
christopher: chris
ronald: ron
michael: mike
james: jim jimmy
thomas: tom
richard: dick rick
charles: chuck charlie
joseph: joe
edward: ted ed
anthony: tony
nicholas: nick
stephen: steve
steven: steve
daniel: dan
david: dave
andrew: andy
patrick: pat
kenneth: ken
lawrence: larry
jeffrey: jeff
gregory: greg
timothy: tim
benjamin: ben
samuel: sam
alexander: alex
elizabeth: liz beth
margaret: maggie
katherine: kate kathy
catherine: kate cathy
frederick: fred
donald: don
gerald: jerry
jerome: jerry
leonard: len
matthew: matt
peter: pete
philip: phil
raymond: ray
theodore: ted
zachary: zach
mitchell: mitch
nathaniel: nate
douglas: doug
gordon: gordie
""".strip().splitlines()
    )
}
