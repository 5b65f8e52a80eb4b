"""The vocabulary of posts and titles that mark a name as a person in office.

Pure: no Django. ``officials`` uses these to read "Russian Deputy Foreign Minister",
"Chinese Foreign Ministry spokesman" or ", Syria's foreign minister," around a name, to
classify a title as written into an appointment's ``post_kind``, and to refuse people
introduced by a non-official role ("an analyst at", "CEO").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from articles.extract.matcher import phrase_trie, trie_pattern
from articles.extract.normalize import fold, name_key
from articles.extract.types import ArticleText


def vocabulary(words: str) -> frozenset[str]:
    """Return the set of the whitespace-separated words of ``words``."""
    return frozenset(words.split())


# Post phrases, longest first inside the alternation so "Prime Minister" wins over
# "Minister" and "Secretary of State" over "Secretary".
_POST_PHRASES = (
    "prime ministers",
    "prime minister",
    "foreign ministers",
    "foreign minister",
    "foreign secretary",
    "secretary of state",
    "minister of state",
    "minister of foreign affairs",
    "secretary-general",
    "secretary general",
    "director-general",
    "director general",
    "vice president",
    "vice-president",
    "crown prince",
    "supreme leader",
    "high representative",
    "special representative",
    "president-elect",
    "ministers",
    "minister",
    "premier",
    "chancellor",
    "taoiseach",
    "presidents",
    "president",
    "king",
    "queen",
    "emir",
    "amir",
    "sultan",
    "pope",
    "secretary",
    "ambassador",
    "envoy",
    "mediator",
    "negotiator",
    "representative",
    "commissioner",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "mayor",
    "senator",
    "sen.",
    "rep.",
    "congressman",
    "congresswoman",
    "congressmember",
    "lawmaker",
    "legislator",
    "parliamentarian",
    "mp",
    "majority leader",
    "minority leader",
    "speaker",
    "gov.",
    "attorney general",
    "inspector general",
    "surgeon general",
    "solicitor general",
    "prosecutor",
    "sheriff",
    "judge",
    "director",
    "adm.",
    "marshal",
    "capt.",
    "captain",
    "maj.",
    "sgt.",
    "press secretary",
    "special counsel",
    "independent counsel",
    "head",
    "administrator",
    "counsel",
    "attorney",
    "chief constable",
    "constable",
    "member of parliament",
    "parliament member",
    "vice premier",
    "candidate",
    "nominee",
    "hopeful",
    "adviser",
    "advisor",
    "chairman",
    "chairwoman",
    "chairperson",
    "chief",
    "leader",
    "official",
    "diplomat",
    "commander",
    "general",
    "gen.",
    "senior colonel",
    "colonel",
    "col.",
    "admiral",
    "brigadier general",
    "brigadier",
    "fm",
)


# The posts as one alternation factored as a character trie (``matcher.trie_pattern``):
# at one position the regex tries longer phrases first, as a longest-first alternation
# would, but it tests each character once instead of every phrase in turn: with
# IGNORECASE the engine cannot skip a failing branch on its first letter, so a flat
# alternation of 80 posts costs some 80 tests at every word start.
_POSTS_ALT = trie_pattern(phrase_trie(_POST_PHRASES))

# Posts that, written in lower case without a nationality, are as often those of firms,
# unions and lobbies ("said Jane Roe, president of the ... Council").
LOWER_CASE_WEAK = vocabulary("president vice-president commissioner director-general")

# Posts that say little on their own ("leader", "chief", "general"): a candidate needs a
# nationality or organisation with them, or "Hamas leader" and "army chief" of any firm
# (and "Alibaba chairman") would be proposed.
WEAK_POSTS = vocabulary(
    "chief leader official diplomat commander general chairman chairwoman chairperson "
    "adviser advisor representative speaker governor mayor secretary director judge "
    "prosecutor sheriff lawmaker legislator parliamentarian marshal mp captain administrator "
    "counsel attorney constable head"
)

# Weak posts that are public offices wherever they are held: with no nationality written,
# the one country the article is about lends them its own ("Regional governor X").
PUBLIC_WEAK = vocabulary(
    "governor mayor prosecutor sheriff judge speaker lawmaker legislator parliamentarian mp"
)

# Weak posts that are strong when capitalised: "General Raymond Odierno", not "general".
CAPITALISED_STRONG = vocabulary("general commander captain")

# Posts of a candidate for office, not of an office held: never a candidate official.
CANDIDACY = vocabulary("candidate nominee hopeful president-elect")

# US legislators' posts: the country is the US even when the text does not say so.
US_ONLY = vocabulary("sen. rep. congressman congresswoman congressmember gov.")

# Honorifics that may stand between a post and a name, or before a bare name: they are
# neither part of the name nor the post ("Ayatollah", "Sheikh", "Sen.", "Dr.").
_NAME_HONORIFICS = (
    "grand ayatollah", "ayatollah", "hojatoleslam", "sheikh", "shaikh", "sheik", "seyed",
    "seyyed", "sayyid", "sayed", "imam", "mullah", "prince", "princess", "dr.", "dr", "sir",
    "dame", "lord", "lady", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "rev.", "cardinal",
    # ranks: a post before them is the title ("Pentagon spokesman Capt. Jeff Davis")
    "gen.", "lt. gen.", "maj. gen.", "brig. gen.", "col.", "lt. col.", "senior colonel",
    "colonel", "capt.", "captain", "maj.", "major", "adm.", "vice adm.", "rear adm.", "sgt.",
)  # fmt: skip
_HONORIFICS_ALT = trie_pattern(phrase_trie(_NAME_HONORIFICS))
NAME_HONORIFICS = frozenset(h for h in _NAME_HONORIFICS if " " not in h)

# After a name, a US legislator's party and state: "Rep. Eliot Engel (D-N.Y.)", "(R-Ky.)".
PARTY_STATE_RE = re.compile(r"\s?\((?:D|R|I)\s?[-–]\s?[A-Z][A-Za-z.]*(?:\s[A-Z][a-z.]+)?\)")

# The post right before a name: "<post> (of|to <Place>)?,? <Name>". Searched on the
# few characters left of a name, anchored at their end.
TITLE_BEFORE_RE = re.compile(
    rf"""
    (?:(?<![\w-])|(?<=then-)|(?<=ex-))(?P<post>{_POSTS_ALT})   # the post, any case
    (?P<suffix>\s+(?:of|to|for)\s+(?:the\s+)?   # "President of France", "Ambassador to the UN"
        [A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})?
    (?:\s+{_HONORIFICS_ALT})*                    # "Supreme Leader Ayatollah Ali Khamenei"
    ,?\s+\Z                                     # only spaces (or an appositive comma) remain
    """,
    re.IGNORECASE | re.VERBOSE,
)

# An appositive after a name: ", Syria's foreign minister," / ", the joint UN envoy."
APPOSITIVE_RE = re.compile(
    rf"""
    ,\s+(?:(?:the|a|an|his|her)\s+)?            # ", the "
    (?P<pre>(?:[\w.'’-]+\s+){{0,5}}?)           # nationality and modifiers, checked later
    (?P<post>{_POSTS_ALT})                      # the post
    (?P<suffix>\s+(?:of|to|for)\s+(?:the\s+)?
        [A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})?
    (?=\s*[,.;:)\n]|\s*\Z|\s+(?:said|says|told|who|and|in|at|on)\b   # the appositive ends,
      |(?<=['’]s)\s+[a-z])                   # or goes on after "of Costa Rica's" (its agency)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Roles that make a person not an official, before the name ("CEO Jane Roe") or in an
# appositive after it (", an analyst at", ", a senior fellow with").
_NON_OFFICIAL = (
    "analyst|journalist|reporter|correspondent|editor|editor-in-chief|columnist|writer|author"
    "|professor|prof\\.|researcher|scholar|fellow|economist|expert|executive|ceo|founder"
    "|co-founder|chief executive|lawyer|activist|student|resident|photographer|historian"
    "|consultant|strategist|lobbyist|investor|businessman|businesswoman|tycoon|billionaire"
    "|banker|actor|actress|singer|director of research|pollster|anchor|host|blogger"
)
NON_OFFICIAL_ENDS = frozenset(w.split()[-1].replace("\\", "") for w in _NON_OFFICIAL.split("|"))
NON_OFFICIAL_BEFORE_RE = re.compile(
    rf"""
    (?<![\w-])(?:{_NON_OFFICIAL})   # the role word right before the name
    ,?\s+\Z
    """,
    re.IGNORECASE | re.VERBOSE,
)
NON_OFFICIAL_AFTER_RE = re.compile(
    rf"""
    ,\s+(?:(?:the|a|an|his|her)\s+)?   # ", an "
    (?:[\w.'’-]+\s+){{0,3}}?           # "independent", "senior Middle East"
    (?:{_NON_OFFICIAL})\b              # the role
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Portfolio words that make a weak post a government one ("Defense Secretary").
PORTFOLIOS = vocabulary(
    """foreign defence defense interior home finance treasury justice energy trade commerce
    health education security intelligence"""
)

# Words that may stand inside a title between the nationality and the post word.
TITLE_WORDS = vocabulary(
    """deputy vice acting interim former ex senior special chief top assistant joint
    permanent principal first executive outgoing incoming new junior under state general
    foreign defence defense interior home finance economy economic trade commerce energy
    oil petroleum health justice education environment agriculture transport information
    culture labour labor affairs ministry office security national intelligence army
    military armed forces navy nuclear climate development cabinet government presidential
    policy human rights counterterrorism public communications presidency palace treasury
    homeland veterans housing transportation senate house duma assembly parliamentary
    congressional committee commission department agency bureau authority service aviation
    civil investigative current
    regional international relations european external industry long-serving longtime
    majority minority conservative labour liberal republican democratic democrat gop tory
    lt. lieutenant rear major maj. brig. air field police district county city provincial
    federal presidential opposition"""
)

# Title words that are ordinary words when written in lower case ("under mediator X").
CAPITALISED_ONLY = vocabulary("under new first state general public home top national")

# Capitalised words of places and bodies, never of a person's name ("West African
# leaders", "Independence Party"): they stop a name from being proposed.
NOT_NAMES = vocabulary(
    """west east north south central western eastern northern southern african asian
    european arab american latin party council union league front movement army forces
    ministry committee commission court agency organization organisation group bank fund
    institute university center centre news times post street square house department
    republic kingdom state states islands island sea ocean gulf river city province
    region airport station channel television radio press daily herald journal forum
    force foundation institution institutions candidate police fleet nations united video
    videos replay more predicts adm corps guard campaign command brotherhood peninsula
    mosque church cathedral temple company airlines navy brigade battalion division
    alliance coalition council parliament assembly congress senate partnership association
    program programme initiative treaty agreement pact accord conference summit corp
    corporation inc ltd llc plc holdings"""
)

# Words of a title that make its holder no state official: non-state armed groups,
# campaigns and parties ("Taliban spokesman", "Trump campaign adviser", "party leader").
NON_STATE = vocabulary(
    """taliban houthi houthis hamas hezbollah hizbollah isis isil al-qaeda al-shabab qaeda
    shabab boko haram pkk ypg sdf rebel rebels militant militants insurgent insurgents
    separatist separatists jihadist jihadists militia campaign party transition company
    firm group"""
)

# Honorifics and titles that may precede a bare surname ("Mr. Assad", "President Putin").
HONORIFICS = vocabulary(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady sheikh shaikh sen. rep. gen. lt. col. "
    "col gen lt capt maj sgt adm "
    "gov. adm. ayatollah grand hojatoleslam seyed sayyid sayed seyyed imam mullah prince "
    "princess rev. reverend cardinal"
)

# Institutions that stand for a country in titles ("Kremlin spokesman Dmitry Peskov").
INSTITUTIONS = {
    "kremlin": "RU",
    "white house": "US",
    "pentagon": "US",
    "state department": "US",
    "justice department": "US",
    "joint chiefs": "US",
    "fbi": "US",
    "cia": "US",
    "nsa": "US",
    "irs": "US",
    "nasa": "US",
    "doj": "US",
    "elysee": "FR",
    "downing street": "GB",
    "fsb": "RU",
    "idf": "IL",
    "mossad": "IL",
    "irgc": "IR",
    "revolutionary guard": "IR",
    "revolutionary guards": "IR",
}

# Classification of a title as written, first rule that matches wins.
_KIND_RULES = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"\bspokes(?:man|woman|person)\b", "spokesperson"),
        (r"\bcandidate\b|\bnominee\b|\bhopeful\b|-elect\b", "candidate"),
        (r"\bsecretary[- ]general\b", "secretary_general"),
        (r"\b(?:attorney|inspector|director|surgeon|solicitor|auditor|governor)[- ]general\b",
         "official"),
        (r"\bsenator\b|\bsen\.|\brep\.|\bcongress(?:wo)?man\b|\bcongressmember\b"
         r"|\blawmaker\b|\blegislator\b|\bparliamentarian\b|\bmp\b|\bspeaker\b"
         r"|\b(?:majority|minority) leader\b|\bmember of (?:parliament|congress)\b"
         r"|\bparliament member\b"
         r"|^(?:(?:u\.s\.|us|democratic|republican|state)\s+)*representative$", "legislator"),
        (r"\bcolonel\b|\bcol\.|\badmiral\b|\badm\.|\bbrigadier\b|\bgeneral\b|\bgen\."
         r"|\bcapt\.|\bcaptain\b|\bmaj\.|\bsgt\."
         r"|\bcommander\b|\bmarshal\b|\b(?:army|military|navy|naval)\s+chief\b", "military"),
        (r"\bpress secretary\b", "spokesperson"),
        (r"\b(?:deputy|vice|assistant|junior)\b.*\bminister\b|\bminister of state\b"
         r"|\b(?:deputy|vice)[- ]premier\b", "deputy_minister"),
        (r"\bforeign\s+(?:minister|secretary)\b|\bsecretary of state\b|\bfm\b|\bforeign affairs\b", "foreign_minister"),
        (r"\bprime ministers?\b|\bpremier\b|\bchancellor\b|\btaoiseach\b", "head_of_government"),
        (r"\bvice[- ]president\b", "official"),
        (r"\bpresidents?\b|\bking\b|\bqueen\b|\bemir\b|\bamir\b|\bsultan\b|\bsupreme leader\b|\bpope\b", "head_of_state"),
        (r"\bministers?\b|\bsecretary\b", "minister"),
        (r"\bambassador\b", "ambassador"),
        (r"\benvoy\b|\bmediator\b|\bnegotiator\b|\brepresentative\b", "envoy"),
        (r"\bdiplomat\b", "envoy"),
        (r"\badvis[eo]r\b|\bofficial\b|\bgovernor\b|\bgov\.|\bmayor\b|\bprosecutor\b"
         r"|\bsheriff\b|\bjudge\b|\bcommissioner\b|\bdirector\b|\bchief\b|\bcounsel\b"
         r"|\battorney\b|\bconstable\b|\badministrator\b|\bhead\b", "official"),
    )
)  # fmt: skip


@lru_cache(maxsize=20_000)
def post_kind(title: str) -> str:
    """Return the appointment ``post_kind`` a title as written denotes ("other" if none).

    Cached: the press writes the same few titles over and over.
    """
    for pattern, kind in _KIND_RULES:
        if pattern.search(title):
            return kind
    return "other"


# ---------------------------------------------------------------------------------------
# Reading an article: name sequences and the titles around them.

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


@dataclass(slots=True)
class Mention:
    """A name as written, where it is, and the title read around it."""

    text: str
    key: str
    start: int
    field: str
    known: bool = False  # a known full name, spelled like one of its aliases
    title: str = ""  # as written, without the nationality: "Deputy Foreign Minister"
    post: str = ""  # the post word(s) of the title: "Minister"
    kind: str = ""
    country: str | None = None
    org: str | None = None


@dataclass
class Scan:
    """Full names (2+ words), single words (surnames) and posts named without a name.

    ``lazy`` holds (start, end, key) of bare words that are nobody's surname in the
    gazetteer; ``surnames`` turns those of given keys into ``Mention``s, checked in
    context the way ``single`` ones are.
    """

    full: list[Mention] = field(default_factory=list)
    single: list[Mention] = field(default_factory=list)
    post_refs: set[tuple[str | None, str]] = field(default_factory=set)
    lazy: list[tuple[int, int, str]] = field(default_factory=list)
    text: str = ""
    spans: list = field(default_factory=list)
    blocked: frozenset[str] = frozenset()  # the byline's and authors' name keys
    blocked_at: dict[str, int] = field(default_factory=dict)  # key -> first blocked at
    # Names read in context but with no title around them: (start, end, key).
    quiet_single: list[tuple[int, int, str]] = field(default_factory=list)
    quiet_full: list[tuple[int, int, str]] = field(default_factory=list)
    headline_case: bool = False

    def drop_within(self, spans) -> None:
        """Forget every name read inside ``spans`` ((start, end) offsets: notices)."""

        def outside(start: int) -> bool:
            return not any(s <= start < e for s, e in spans)

        self.full = [m for m in self.full if outside(m.start)]
        self.single = [m for m in self.single if outside(m.start)]
        self.lazy = [x for x in self.lazy if outside(x[0])]
        self.quiet_single = [x for x in self.quiet_single if outside(x[0])]
        self.quiet_full = [x for x in self.quiet_full if outside(x[0])]

    def quiet_names(self, full_keys, last_words: set[str]) -> list[Mention]:
        """Return the untitled unknown names that may still name someone, in text order.

        Such a name counts only as a known name (its key in ``full_keys``) or as another
        mention of a person named with a title, hence with the same last word.
        """
        out = []
        for start, end, key in self.quiet_full:
            if key not in full_keys and key[key.rfind(" ") + 1 :] not in last_words:
                continue
            where = field_of(self.spans, start)
            if where == "title" and self.headline_case:
                continue
            out.append(Mention(self.text[start:end], key, start, where))
        return out

    def surnames(self, keys: set[str] | frozenset[str]) -> list[Mention]:
        """Return the kept-aside bare words whose key is in ``keys``, in text order."""
        out: list[Mention] = []
        if not keys:
            return out
        text, blocked_later = self.text, set()
        for start, end, key in self.lazy:
            if key not in keys:
                continue
            if key in self.blocked or key in blocked_later:
                continue
            if self.blocked_at.get(key, start) < start:
                continue
            before = text[max(0, start - 30) : start].lower()
            if "credit" in before or "photo" in before or text[start - 1 : start] == "/":
                continue
            if _non_official_before(text, start):
                blocked_later.add(key)
                continue
            out.append(Mention(text[start:end], key, start, field_of(self.spans, start)))
        for start, end, key in self.quiet_single:
            if key in keys:
                out.append(Mention(text[start:end], key, start, field_of(self.spans, start)))
        out.sort(key=lambda m: m.start)
        return out


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


def _fields(article: ArticleText) -> list[tuple[str, int, int]]:
    """Return (field, start, end) of title, lede and body in ``full_text``."""
    spans, offset = [], 0
    for name, part in (("title", article.title), ("lede", article.lede), ("body", article.body)):
        if part:
            spans.append((name, offset, offset + len(part)))
            offset += len(part) + 2
    return spans


_HEADLINE_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_BYLINE_SPLIT_RE = re.compile(r",|;|\||\band\b|\bBy\b")  # between the names of a byline


def _is_title_case(title: str) -> bool:
    """Return whether a headline capitalises its words ("Russia, China Increase Push")."""
    words = [w for w in _HEADLINE_WORD_RE.findall(title) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _blocked(article: ArticleText) -> set[str]:
    """Return the name keys of the article's own people: byline and authors."""
    names = [*article.authors, *_BYLINE_SPLIT_RE.split(article.byline)]
    return {k for n in names if len((k := token_key(n)).split()) >= 2}


def scan_article(article: ArticleText, index) -> Scan:
    """Return every name mention of ``article`` with its title, and posts in title/lede.

    Each capitalised sequence is split into names once per distinct spelling (see
    ``_plan``); only the names that may be officials are then read in context. A bare
    word that is nobody's surname in the gazetteer is kept aside (``Scan.lazy``): it
    only matters as the surname of a candidate, which ``Scan.surnames`` reads on demand.
    """
    text = article.full_text
    spans = _fields(article)
    nats = index.nationalities
    blocked = _blocked(article)
    headline_case = _is_title_case(article.title)
    scan = Scan(text=text, spans=spans, blocked=frozenset(blocked), headline_case=headline_case)
    plans = _plans(index)
    lazy, quiet_single, quiet_full = scan.lazy, scan.quiet_single, scan.quiet_full

    def read(start: int, end: int, key: str, known: bool, single: bool) -> None:
        if key in blocked:
            return
        near = text[start - 45 : start] if start > 45 else text[:start]
        before = near[-30:].lower()
        last = near[-1:]
        if "credit" in before or "photo" in before or last == "/":
            return
        if last == "\n":  # a name opening a line (1 in 10): no role nor post before it
            may_title = False
        else:
            word = _word_before(near)
            if word is None:  # the two tests would read different words: each its own
                non_official = _non_official_before(text, start, near[-40:])
            else:
                non_official = word.lower() in NON_OFFICIAL_ENDS and bool(
                    NON_OFFICIAL_BEFORE_RE.search(near[-40:])
                )
            if non_official:
                blocked.add(key)
                scan.blocked_at.setdefault(key, start)
                return
            if word is None or _ends_post(word):
                may_title = word is not None or _may_have_title_before(text, start, near)
            elif word.lower() in NAME_HONORIFICS:  # a post may stand before it
                may_title = _may_have_title_before(text, start, near)
            else:  # the rest of _may_have_title_before's test, after its first word
                may_title = (
                    " of " in near or " to " in near or " for " in near
                ) and _may_have_title_before(text, start, near)
        party = PARTY_STATE_RE.match(text, end) if text.startswith(" (", end) else None
        if not (known or may_title or party or text.startswith(",", end)):
            # No title before, no appositive after: kept aside, read only if it turns out
            # to name someone the article names otherwise (see Scan.quiet_names).
            (quiet_single if single else quiet_full).append((start, end, key))
            return
        where = field_of(spans, start)
        title = post = ""
        country = org = None
        if may_title:
            title, post, country, org = _title_before(text, start, nats, checked=True)
        if not title:
            if text.startswith(",", end) and NON_OFFICIAL_AFTER_RE.match(text, end):
                blocked.add(key)
                scan.blocked_at.setdefault(key, start)
                return
            title, post, country, org = _appositive(text, end, nats)
        if not title and party:
            title, post, country = "Member of Congress", "member of congress", "US"
        if post.lower() in US_ONLY or (post.lower() == "representative" and title == post):
            country = country or "US"  # "Sen.", "Rep.", a bare "Representative": Congress
        if where == "title" and headline_case and not known and not single:
            return
        mention = Mention(
            text[start:end], key, start, where, known, title, post,
            post_kind(title) if title else "", country, org,
        )  # fmt: skip
        (scan.single if single else scan.full).append(mention)

    # A Title Case headline is read apart (no sequence crosses the "\n\n" after it): a
    # sequence needs no test of where it lies, and its offset only if it names someone.
    title_end = len(article.title) if headline_case else 0
    pattern = _sequence_pattern(text)
    body_plans, headline_plans = plans
    for cache, headline, pos, endpos in (
        (headline_plans, True, 0, title_end),
        (body_plans, False, title_end, len(text)),
    ):
        for seq in pattern.finditer(text, pos, endpos):
            words = seq[0]
            plan = cache.get(words)
            if plan is None:
                plan = _plan(words, index, headline)
                if len(cache) < _PLAN_CACHE_SIZE:  # full: keep the first (most common) ones
                    cache[words] = plan
            if not plan:
                continue
            seq_start = seq.start()
            for rel_start, rel_end, key, known, single, aside in plan:
                if aside:
                    lazy.append((seq_start + rel_start, seq_start + rel_end, key))
                else:
                    read(seq_start + rel_start, seq_start + rel_end, key, known, single)
    _post_refs(article, text, spans, nats, scan)
    return scan


def field_of(spans, offset: int) -> str:
    """Return the field (title, lede, body) of an offset of ``full_text``."""
    for name, _start, end in spans:
        if offset <= end:
            return name
    return "body"


def _word_before(near: str) -> str | None:
    """Return the last word of ``near`` (the 45 characters before a name), or None.

    It is the word ``_non_official_before`` and ``_may_have_title_before`` test first,
    read once for both; None when they would read different words (a line break in
    ``near``, or a word reaching further back than the 40 characters of the former).
    """
    if "\n" in near:
        return None
    tail = near.rstrip(" ,")
    cut = tail.rfind(" ") + 1
    return tail[cut:] if cut >= len(near) - 40 else None


def _non_official_before(text: str, start: int, left: str | None = None) -> bool:
    """Return whether a non-official role stands right before ``start`` ("CEO Jane Roe").

    ``left``: the 40 characters before ``start``, when the caller has them.
    """
    if left is None:
        left = text[max(0, start - 40) : start]
    tail = left.rstrip(" ,")
    return tail[tail.rfind(" ") + 1 :].lower() in NON_OFFICIAL_ENDS and bool(
        NON_OFFICIAL_BEFORE_RE.search(left)
    )


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


_POST_REF_RE = re.compile(rf"(?<![\w-])(?:{_POSTS_ALT})(?![\w-])", re.IGNORECASE)


def _post_refs(article: ArticleText, text: str, spans, nationalities, scan: Scan) -> None:
    """Record (iso2, post kind) of posts the title or lede names ("Syrian FM")."""
    end = max((e for f, _, e in spans if f in ("title", "lede")), default=0)
    for found in _POST_REF_RE.finditer(text, 0, end):
        words = _split_words(text[max(0, found.start() - 60) : found.start()], last=5)
        title, country, _org = _peel(words, nationalities)
        if country:
            scan.post_refs.add((country, post_kind(" ".join([*title, found.group()]))))
