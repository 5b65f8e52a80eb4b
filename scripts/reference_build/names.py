"""Names: cleaning and display (merge rule 9), aliases, merge keys (rule 2) and the marks
that tell namesakes apart (rule 10). Word lists are in data/names.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.extract.normalize import MERGE_HONORIFICS, MERGE_PARTICLES, name_key, strip_accents

from .datafiles import load
from .text import clean_text, squash

DATA = load("names.json")

LOWER_PARTICLES = frozenset(DATA["lower_particles"])

# Surface words that mark a Phoenix synonym as a role phrase or a group, not a name (with
# group and place words: Phoenix lists militias, parties and provinces as actors too).
NON_NAME_WORDS = frozenset(DATA["non_name_words"])

POST_NOMINALS = frozenset(DATA["post_nominals"])

# The cached name functions below are pure functions of one string, which the build asks
# of the same names again and again (from a third to two thirds of the calls are repeats).


@lru_cache(maxsize=200_000)
def display_name(raw: str) -> str:
    """Convert ``BASHAR_AL-ASSAD_`` / ``Mr. KHADDAM`` to normal case with lower particles."""
    text = squash(raw.replace("_", " ").strip())
    # CountryInfo marks caretakers in the name field ("PETER_TALI_COLEMAN_(ACTING)").
    text = re.sub(r"[\s(]+(acting|interim)\)?$", "", text, flags=re.I)
    words = []
    for i, word in enumerate(text.split(" ")):
        parts = word.split("-")
        fixed = []
        for j, part in enumerate(parts):
            low = part.lower()
            if re.fullmatch(r"[ivx]+", low) and i > 0:
                fixed.append(part.upper())
            elif (
                (i > 0 or j > 0)
                and low in LOWER_PARTICLES
                and (j < len(parts) - 1 or i < len(text.split(" ")) - 1)
            ):
                fixed.append(low)
            elif part.isupper() or part.islower():
                fixed.append(title_word(low))
            else:
                fixed.append(part)
        words.append("-".join(fixed))
    return " ".join(words)


def title_word(word: str) -> str:
    """Capitalise one lower-case word, handling Mc/O'/D' prefixes."""
    if not word:
        return word
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    match = re.match(r"^([a-z])'([a-z].*)$", word)
    if match:
        return match.group(1).upper() + "'" + match.group(2).capitalize()
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=200_000)
def strip_honorifics(name: str) -> str:
    """Reduce a listed name to the person's name.

    Removes leading titles ("Mr.", "H.E.", "Rt. Hon. Sir"), trailing post-nominals
    (", MP", ", GCMG"), peerages (", Baron X"), nicknames in quotes, notes in brackets,
    and turns "Surname, Given" into "Given Surname".
    """
    text = squash(clean_text(name)).replace("’", "'")
    text = re.sub(r"\([^)]*\)?|\"[^\"]*\"?", " ", text).replace("`", "'").replace("‘", "'")
    # "Sheikh" stays: for many Gulf and South Asian leaders it is part of the name used.
    pattern = (
        r"^(mr|mrs|ms|dr|h\.\s?e|sir|don|dona|doña|mme|madame|his excellency|her excellency|"
        r"his majesty|hrh|general|gen|president|lord|dame|grand chief|chief|rt\.? hon|"
        r"right honourable|the honourable|hon|lieutenant general|lt\.? gen|haji|"
        r"dato'? s(e)?ri|dato'?|datuk s(e)?ri|datuk|tan sri|tun)\.?\s+"
    )
    while True:
        new = re.sub(pattern, "", text, flags=re.I)
        if new == text:
            break
        text = new
    text = re.sub(r"\s+(bey|pasha|acting)$", "", squash(text), flags=re.I)
    parts = [p.strip() for p in text.split(",")]
    parts = [
        p
        for p in parts
        if p
        and p.lower().strip(".") not in POST_NOMINALS
        and not re.match(r"(baron|viscount|earl|lord|marquess|duke)\b", p, re.I)
    ]
    if len(parts) == 2 and " " not in parts[0]:
        parts = [parts[1], parts[0]]  # "Duvalier, Francois" -> "Francois Duvalier"
    return " ".join(parts).strip(" ,.")


@lru_cache(maxsize=200_000)
def is_person_alias(text: str) -> bool:
    """True when a name variant looks like a person's name of at least two words."""
    words = [w.lower() for w in re.split(r"[\s]+", text) if w]
    if len(words) < 2 or not all(re.match(r"[^\W\d_]", w) for w in words):
        return False
    if re.search(r"[&¡\ufffd]", text):
        return False  # mojibake or a title fragment, not a clean name
    if any(w.strip(".,'") in NON_NAME_WORDS for w in words):
        return False
    if len(name_tokens(text)) < 2:
        return False  # surname plus initials ("K. Annan", "Al-Assad H.") is too vague
    return bool(re.fullmatch(r"[\w.'’\- ]+", text)) and not any(ch.isdigit() for ch in text)


def name_variants(name: str) -> list[str]:
    """Extra surface variants: accent-free spelling and the name without an "al-" particle."""
    out = [name]
    if strip_accents(name) != name:
        out.append(strip_accents(name))
    for variant in list(out):
        bare = re.sub(r"\b(?:al|el|Al|El)-(?=[A-Z])", "", variant)
        if bare != variant:
            out.append(bare)
    return out


def abd_variants(name: str) -> list[str]:
    """The other press spelling of an "Abd al-" compound ("Abd al Mahdi" <-> "Abdul Mahdi").

    The extractor's name keys keep "Abd" and "Abdul" apart (vowels fold, words do not), so
    each official gets both spellings as aliases when one of them is written.
    """
    out = []
    apart = re.sub(r"\bAbd[ -](?:[ae]l|ul)[ -]+(?=[A-Z])", "Abdul ", name, flags=re.I)
    if apart != name:
        out.append(apart)
    joined = re.sub(r"\bAbd(?:ul|el)[ -](?=[A-Z])", "Abd al-", name)
    if joined != name:
        out.append(joined)
    return out


# Generational (and regnal) suffixes: "X Jr." and "X Sr." are two people, as are "II", "III".
GENERATIONAL: dict[str, str] = DATA["generational"]


@dataclass(frozen=True)
class Marks:
    """What tells namesakes apart (merge rule 10): written middle initials and suffixes."""

    initials: frozenset[tuple[str, ...]] = frozenset()  # ("h", "w") for "George H. W. Bush"
    suffixes: frozenset[str] = frozenset()  # {"Jr."} for "Joseph R. Biden Jr."

    def __or__(self, other: Marks) -> Marks:
        return Marks(self.initials | other.initials, self.suffixes | other.suffixes)

    @property
    def marked(self) -> bool:
        """True when the name says which of several namesakes it is."""
        return bool(self.initials or self.suffixes)

    def conflicts(self, other: Marks) -> bool:
        """True when two marked names cannot be one person.

        Different suffixes or different written initials conflict. A suffix on one side
        only ("William Howard Taft IV" / "William H. Taft") conflicts too, unless written
        initials agree ("Joseph R. Biden Jr." / "Joseph R. Biden"). A name without marks
        conflicts with nothing (rule 10 places it by dates).
        """
        if not (self.marked and other.marked):
            return False
        if self.suffixes != other.suffixes:
            if self.suffixes and other.suffixes:
                return True
            if not self.initials & other.initials:
                return True
        return bool(self.initials and other.initials and self.initials.isdisjoint(other.initials))


@lru_cache(maxsize=200_000)
def name_marks(name: str) -> Marks:
    """Return the marks of one name: its written middle initials and its suffix.

    Initials count only between the first and the last word, as written ("George W.
    Bush": W; "Herbert Raymond McMaster" has none: names written in full vary too much,
    e.g. Spanish double surnames, to tell people apart).
    """
    raw_words = re.findall(r"[a-z]+", strip_accents(clean_text(name)).lower())
    suffixes = frozenset(GENERATIONAL[w] for w in raw_words[1:] if w in GENERATIONAL)
    # Initials from the cleaned name: "H. E." (His Excellency) is a title, not initials.
    text = re.sub(r"['’`]", "", strip_accents(strip_honorifics(name)).lower())
    words = [
        w
        for w in re.findall(r"[a-z]+", text)
        if w not in GENERATIONAL
        and w not in MERGE_PARTICLES
        and (w not in MERGE_HONORIFICS or len(w) == 1)
    ]
    # Leading initials ("R.M. Marty Natalegawa": a Javanese title; "G.H.W. Bush") leave
    # no first name to count middle initials from: the name starts at its first word.
    while len(words) > 1 and len(words[0]) == 1:
        words = words[1:]
    middle = words[1:-1]
    initials = frozenset()
    if any(len(w) == 1 for w in middle):
        initials = frozenset({tuple(w[0] for w in middle)})
    return Marks(initials, suffixes)


def marks_signature(name: str) -> str:
    """A short string of a name's marks ("h.w", "r|Jr."), empty when it has none."""
    marks = name_marks(name)
    initials = ".".join(next(iter(marks.initials), ()))
    return "|".join(x for x in (initials, ",".join(sorted(marks.suffixes))) if x)


def name_tokens(name: str) -> list[str]:
    """Return the tokens of ``name``'s merge key (merge rule 2), ``name_key(merging=True)``."""
    return name_key(name, merging=True).split()
