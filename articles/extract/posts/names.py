"""Reading an article's names: capitalised sequences, their words, the names in them, and
the titles written around a name (before it, or as an appositive after it).

Pure: no Django. ``scan`` reads each sequence once per distinct spelling (a *plan*).
"""

from __future__ import annotations

import re
from functools import lru_cache

from articles.extract.normalize import fold, name_key
from articles.extract.posts.vocabulary import (
    _POST_PHRASES,
    APPOSITIVE_RE,
    CAPITALISED_ONLY,
    HONORIFICS,
    NAME_HONORIFICS,
    NOT_NAMES,
    TITLE_BEFORE_RE,
    TITLE_WORDS,
    vocabulary,
)

# Initials first: "John F. Kerry" must not stop at "John F".
_CAP = r"(?:(?:[A-Z]\.)+|[A-ZÀ-ÖØ-Þ][\w-]*(?:['’][A-ZÀ-ÖØ-Þ][\w-]*)?)"
_PARTICLE = r"(?:al|el|bin|ibn|ben|abu|bint|von|van|der|den|de|del|della|da|di|dos|du|la|le)"
NAME_SEQ_RE = re.compile(
    rf"""
    [A-ZÀ-ÖØ-Þae](?<![\w'’-].)                  # a first letter at the start of a word,
    (?: (?<=a)(?:l|d|s|sh)-{_CAP}               # then: "al-Assad", "ad-", "as-", "ash-"
      | (?<=e)l-{_CAP}                          # "el-Sissi"
      | (?<=[A-Z])\.(?:[A-Z]\.)*                 # initials: "U.S."
      | (?<=[A-ZÀ-ÖØ-Þ])[\w-]*(?:['’][A-ZÀ-ÖØ-Þ][\w-]*)?   # "Assad", "O'Brien"
    )  # (the first letter leads so that the engine skips to candidates quickly)
    (?:\ (?:{_PARTICLE}\ )*                     # one space, lower-case particles between
       (?:(?:al|el|ad|as|ash)-)?{_CAP})*        # ("Albert del Rosario"), more words
    """,
    re.VERBOSE,
)
# The same without the lower-case first letters, for texts with no "al-", "ad-", "as-",
# "ash-" or "el-" (most): the engine then skips through lower-case text to capitals
# instead of stopping at every "a" and "e". (Only those prefixes start a name in lower
# case, so both find the same sequences in such texts.)
_CAPITALISED_SEQ_RE = re.compile(
    NAME_SEQ_RE.pattern.replace("[A-ZÀ-ÖØ-Þae](?<!", "[A-ZÀ-ÖØ-Þ](?<!", 1), re.VERBOSE
)
# Any "al-", "ad-", "as-", "ash-" or "el-": led by the hyphen, which the engine finds fast.
_PARTICLE_HYPHEN_RE = re.compile(r"-(?:(?<=al-)|(?<=ad-)|(?<=as-)|(?<=ash-)|(?<=el-))")
assert _CAPITALISED_SEQ_RE.pattern != NAME_SEQ_RE.pattern


def _sequence_pattern(text: str) -> re.Pattern[str]:
    """Return the pattern that finds ``NAME_SEQ_RE``'s matches in ``text`` fastest."""
    return NAME_SEQ_RE if _PARTICLE_HYPHEN_RE.search(text) else _CAPITALISED_SEQ_RE


# Capitalised words that start sentences or end names ("But Assad", "Putin Tuesday"):
# never part of a name. "May" and "April" stay out: they are names too.
_STOP = vocabulary(
    """the a an and but or if in on at as by for from to of with after before when while
    also this that these those it its he she they we i his her their our there here what
    who why how where which some many most all both neither one two yet so then still
    however meanwhile although though during since under over about against amid despite
    even only not no among between through until according last next earlier later today
    yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january
    february march june july august september october november december says said asked
    speaking"""
)
# Particles after which a capitalised stop word is a family name: "Qaboos bin Said".
_BEFORE_FAMILY_NAME = frozenset({"bin", "ibn", "bint", "al", "Al", "el", "El"})
_POST_ENDS = frozenset(p.split()[-1] for p in _POST_PHRASES)
_POST_WORDS = frozenset(w for p in _POST_PHRASES for w in p.split())
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")  # "U.S.": a nationality, not a sentence end
_ORDINALS = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})  # "Elizabeth II", "Quezon III"
_PARTICLE_PREFIX_RE = re.compile(r"\A(?:al|el|ad|as|ash)-")
POSSESSIVE_RE = re.compile(r"['’]s?\Z")
_WORD_SPLIT_RE = re.compile(r"\s+|(?<=\w)-(?=[A-Z])")  # "UN-Arab League": three words
_HYPHEN_SPLIT_RE = re.compile(r"(?<=\w)-(?=[A-Z])")


def _split_words(text: str, last: int | None = None) -> list[str]:
    """Return the words of ``text`` as ``_WORD_SPLIT_RE`` splits them, empty ones left out.

    ``last``: only the last ones (the words of the last ``last`` whitespace-separated
    tokens suffice). ``str.split`` splits on the whitespace the pattern splits on, and a hyphen
    splits only between two non-spaces, so splitting each token on hyphens gives the
    same words, faster.
    """
    tokens = text.split()
    if last is not None:
        tokens = tokens[-last:]
    words = [w for t in tokens for w in (_HYPHEN_SPLIT_RE.split(t) if "-" in t else (t,))]
    return words[-last:] if last is not None else words


_CLOSING = (",", ";", ":", '"', "”", ")", ".")


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """Return the name key of written words (cached: the press repeats its words)."""
    return name_key(token)


def _nationality(words: list[str], nationalities) -> tuple[int, str | None, str | None]:
    """Return (words used, iso2, org slug) for the longest nationality ending ``words``."""
    for n in (3, 2, 1):
        if len(words) >= n:
            found = nationalities.get(_folded(" ".join(words[-n:])))
            if found:
                return n, found[0], found[1]
    return 0, None, None


def _peel(words: list[str], nationalities) -> tuple[list[str], str | None, str | None]:
    """Read title words, then a nationality, right to left from the end of ``words``."""
    title: list[str] = []
    country = org = None
    while words:
        if words[-1].endswith(_CLOSING) and not _INITIALS_RE.fullmatch(words[-1]):
            break
        n, iso, slug = _nationality(words, nationalities)
        if n:
            if len(words) > n and words[-n - 1] == "New":
                break  # "New Mexico", "New South Wales": a place we do not know, not Mexico
            country, org = country or iso, org or slug
            words = words[:-n]
            continue
        lower = words[-1].lower()
        if country or org or lower not in TITLE_WORDS:
            break
        if lower in CAPITALISED_ONLY and words[-1].islower():
            break
        title.insert(0, words.pop())
    while title and title[0].lower() in ("the", "of", "and", "for"):
        title.pop(0)
    return title, country, org


def _suffix(suffix: str, nationalities) -> tuple[str, str | None, str | None]:
    """Split "of France" (a place: not part of the title) from "of State" (part of it)."""
    if not suffix:
        return "", None, None
    words = suffix.split()
    rest = words[1:]
    owner = next((n for n, w in enumerate(rest) if w.endswith(("'s", "’s"))), None)
    if owner is not None:  # "of France's civil aviation agency": France's own body
        rest = rest[: owner + 1]
    place = " ".join(w for w in rest if w.lower() != "the")
    found = nationalities.get(_folded(place))
    if found and words[0].lower() == "of":
        return "", found[0], found[1]
    return " " + " ".join(words), *(found or (None, None))


def _may_have_title_before(text: str, start: int, near: str | None = None) -> bool:
    """Return False when no post can stand right before ``start`` (a cheap first test).

    Either the last word ends a post ("... Minister "), or a post, "of"/"to"/"for", maybe
    "the", and one to four words end the text ("... President of France, "). ``near``:
    the 45 characters before ``start``, when the caller has them.
    """
    if near is None:
        near = text[max(0, start - 45) : start]
    left = near[near.rfind("\n") + 1 :]  # never across lines
    tail = left.rstrip(" ,")
    last = tail[tail.rfind(" ") + 1 :]
    while not _ends_post(last) and last.lower() in NAME_HONORIFICS and " " in tail:
        tail = tail[: tail.rfind(" ")].rstrip(" ,")  # "Leader Ayatollah "
        last = tail[tail.rfind(" ") + 1 :]
    if _ends_post(last):
        return True  # "President ", "“President "
    if " of " not in left and " to " not in left and " for " not in left:
        return False
    line_start = text.rfind("\n", max(0, start - 100), start) + 1
    tokens = text[max(line_start, start - 100) : start].split()[-8:]
    if tokens and tokens[-1].endswith(","):
        tokens[-1] = tokens[-1][:-1]
    for n in range(1, 5):  # the words of the place: "France", "the United Nations"
        if len(tokens) <= n or not _SUFFIX_WORD_RE.fullmatch(tokens[-n]):
            return False
        link = -n - 1
        if tokens[link].lower() == "the":
            link -= 1
            if len(tokens) < -link:
                return False
        if (
            tokens[link].lower() in ("of", "to", "for")
            and len(tokens) >= -link + 1
            and _ends_post(tokens[link - 1])
        ):
            return True
    return False


_SUFFIX_WORD_RE = re.compile(r"[\w.'’-]+")
_POST_END_AFTER_MARK_RE = re.compile(
    r"(?:(?<=[^\w-])|(?<=then-)|(?<=ex-))(?:"
    + "|".join(re.escape(p) for p in sorted(_POST_ENDS))
    + r")\Z"
)


@lru_cache(maxsize=100_000)
def _ends_post(token: str) -> bool:
    """Return whether a written word may end a post ("Minister", "“President") (cached)."""
    lower = token.lower()
    if lower in _POST_ENDS:
        return True
    # The post may follow any character but a letter, digit or hyphen: "(President".
    return not lower.isalpha() and _POST_END_AFTER_MARK_RE.search(lower) is not None


def _title_before(
    text: str, start: int, nationalities, checked: bool = False
) -> tuple[str, str, str | None, str | None]:
    """Return (title, post, iso2, org) of a post written right before ``start``.

    ``checked``: the caller found that a post may stand there (``_may_have_title_before``).
    """
    if not checked and not _may_have_title_before(text, start):
        return "", "", None, None
    # A post on the line before (a headline, a caption) is not this name's title.
    left = text[max(0, start - 100, text.rfind("\n", 0, start) + 1) : start]
    found = TITLE_BEFORE_RE.search(left)
    if not found:
        return "", "", None, None
    words = _split_words(left[: found.start()], last=6)
    title, country, org = _peel(words, nationalities)
    suffix, s_country, s_org = _suffix((found.group("suffix") or "").strip(), nationalities)
    post = found.group("post")
    return " ".join([*title, post]) + suffix, post, country or s_country, org or s_org


def _appositive(text: str, end: int, nationalities) -> tuple[str, str, str | None, str | None]:
    """Return (title, post, iso2, org) of an appositive: ", Syria's foreign minister,"."""
    found = APPOSITIVE_RE.match(text, end)
    if not found:
        return "", "", None, None
    title: list[str] = []
    country = org = None
    words = _split_words(found.group("pre"))
    if "New" in words[:-1]:
        return "", "", None, None  # "the former New Mexico governor": a place we do not know
    while words:
        for n in (3, 2, 1):
            hit = nationalities.get(_folded(" ".join(words[:n])))
            if len(words) >= n and hit:
                country, org = country or hit[0], org or hit[1]
                words = words[n:]
                break
        else:
            if words[0].lower() not in TITLE_WORDS:
                return "", "", None, None
            title.append(words.pop(0))
    suffix, s_country, s_org = _suffix((found.group("suffix") or "").strip(), nationalities)
    post = found.group("post")
    return " ".join([*title, post]) + suffix, post, country or s_country, org or s_org


# Sequence plans, per index: the distinct spellings of a long import run stay few.
_PLAN_CACHE_SIZE = 100_000  # distinct capitalised sequences: ~25 MB per worker at most
_PLAN_CACHES: dict[int, tuple[object, tuple[dict, dict]]] = {}


def _plans(index) -> tuple[dict, dict]:
    """Return the plan caches of ``index`` (body, Title Case headline), kept beside it."""
    entry = _PLAN_CACHES.get(id(index))
    if entry is None or entry[0] is not index:
        if len(_PLAN_CACHES) > 4:
            _PLAN_CACHES.clear()
        entry = _PLAN_CACHES[id(index)] = (index, ({}, {}))
    return entry[1]


def _plan(sequence: str, index, headline: bool) -> tuple:
    """Return the names of one capitalised sequence: (start, end, key, known, single, aside).

    Offsets are relative to the sequence. ``aside``: a single word that is nobody's
    surname, kept aside (``Scan.lazy``) instead of read in context. Pure in the
    sequence's words, so a plan serves every occurrence of the same words.
    """
    surname_keys = index.surname_keys
    words = sequence.split(" ")  # the pattern joins words by single spaces
    if len(words) == 1 and words[0].lower() in _STOP:
        return ()  # most sequences are one sentence-initial word
    out: list[tuple] = []

    def record(first: tuple[str, int], last: tuple[str, int], key: str, known: bool) -> None:
        single = first is last
        aside = single and key not in surname_keys
        out.append((first[1], last[1] + len(last[0]), key, known, single, aside))

    offset, chunk = 0, []
    last = len(words) - 1
    for n, word in enumerate(words):
        if (
            word[0].isupper()
            and word.lower() in _STOP
            and not (chunk and chunk[-1][0] in _BEFORE_FAMILY_NAME)
            and not (word == "He" and n == last and _one_name_word(chunk, index))  # "Liu He"
        ):
            _read_chunk(chunk, index, record, headline)
            chunk = []
        else:
            chunk.append((word, offset))
        offset += len(word) + 1
    _read_chunk(chunk, index, record, headline)
    return tuple(out)


def _one_name_word(chunk, index) -> bool:
    """Return whether ``chunk`` ends with exactly one name word (after titles, if any)."""
    if not chunk or _is_prefix(chunk[-1][0], index.nationalities):
        return False
    return len(chunk) == 1 or _is_prefix(chunk[-2][0], index.nationalities)


def _is_prefix(word: str, nationalities) -> bool:
    """Return whether a capitalised word is a title or nationality, not a name."""
    lower = word.lower()
    if lower in TITLE_WORDS or lower in _POST_WORDS or lower in HONORIFICS:
        return True
    # Short forms only in capitals: "UN" is a nationality, the "Un" of "Kim Jong Un" is not.
    return (len(word) > 3 or word.isupper()) and _folded(word) in nationalities


@lru_cache(maxsize=100_000)
def _folded(words: str) -> str:
    """Return written words folded for the nationality lookup, without a possessive."""
    return fold(POSSESSIVE_RE.sub("", words))


def _capitalised(token: str) -> bool:
    """Return whether a name word starts with a capital, after a particle ("al-Ansari")."""
    # Most words start with a capital, and no particle does: one test, no substitution.
    return token[:1].isupper() or _PARTICLE_PREFIX_RE.sub("", token)[:1].isupper()


def _known_names(chunk, index, headline: bool) -> tuple[list, list[list]]:
    """Return the known full names of a chunk (first, last token, key) and the rest."""
    keys = [token_key(t) for t, _ in chunk]
    if len(chunk) == 1 and " " not in keys[0]:
        return [], [chunk]  # one plain word: no full name (the common case)
    found, rest = [], [[]]
    i = 0
    while i < len(chunk):
        for j, key in _full_key_ends(keys, i, index):
            if not headline and any(
                0 <= n < len(chunk) and _capitalised(chunk[n][0])
                and not _is_prefix(chunk[n][0], index.nationalities)
                for n in (i - 1, j)
            ):  # fmt: skip
                continue  # a longer name around it: "Mahamat Idriss Deby" is not "Idriss Deby"
            if not index.spelled_like(key, [t for t, _ in chunk[i:j]]):
                continue  # only the vowels agree: "Red Cross" is not "Rudy Croes"
            found.append((chunk[i], chunk[j - 1], key))
            rest.append([])
            i = j
            break
        else:
            rest[-1].append(chunk[i])
            i += 1
    return found, rest


def _full_key_ends(keys: list[str], i: int, index) -> list[tuple[int, str]]:
    """Return (j, key) for each ``keys[i:j]`` joining into a full-name key, longest first.

    Words without a key are left out of the join. Longer runs are joined only while the
    join is a full key or begins one (``index.key_prefixes``), so most runs stop at their
    first word instead of trying every length up to ``index.max_words`` (12).
    """
    full_keys, prefixes = index.full_keys, index.key_prefixes
    ends, key = [], ""
    for j in range(i + 1, min(len(keys), i + index.max_words) + 1):
        word = keys[j - 1]
        key = f"{key} {word}" if key and word else key or word
        if key in full_keys:
            if " " in key:
                ends.append((j, key))
        elif key and key not in prefixes:
            break  # no longer run joins into a full key either
    ends.reverse()
    return ends


def _read_chunk(chunk, index, read, headline: bool) -> None:
    """Find known full names in a chunk of capitalised words, then the other names."""
    if not chunk:
        return
    found, rest = _known_names(chunk, index, headline)
    for first, last, key in found:
        read(first, last, key, True)
    for run in rest:
        if headline:  # Title Case: every word may be a surname, none starts a new name
            for token in run:
                if _capitalised(token[0]) and (key := token_key(token[0])):
                    read(token, token, key, False)
            continue
        # Titles and nationalities separate names: "Philippine Foreign Secretary Perfecto Yasay".
        # So do names of several words ("United Nations Nikki Haley", "Costa Rica's").
        segments: list[list[tuple[str, int]]] = [[]]
        at = 0
        while at < len(run):
            words = next(
                (
                    n
                    for n in (3, 2)
                    if at + n <= len(run)
                    and _folded(" ".join(t for t, _ in run[at : at + n])) in index.nationalities
                ),
                1 if _is_prefix(run[at][0], index.nationalities) else 0,
            )
            if words:
                segments.append([])
                at += words
            else:
                segments[-1].append(run[at])
                at += 1
        for seg in segments:
            if not seg or len(seg) > 4:
                continue
            if any(
                len(t) > 1 and t.isupper() and not _INITIALS_RE.fullmatch(t) and t not in _ORDINALS
                for t, _ in seg
            ):
                continue  # an acronym ("NATO"), not an initial ("Orrin G. Hatch") nor "III"
            if not _capitalised(seg[0][0]) or not _capitalised(seg[-1][0]):
                continue
            if any(t.lower() in NOT_NAMES for t, _ in seg):
                continue
            key = " ".join(k for k in (token_key(t) for t, _ in seg) if k)
            if key:
                read(seg[0], seg[-1], key, False)
