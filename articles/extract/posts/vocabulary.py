"""The vocabulary of posts and titles that mark a name as a person in office.

Pure: no Django. ``officials`` uses these to read "Russian Deputy Foreign Minister",
"Chinese Foreign Ministry spokesman" or ", Syria's foreign minister," around a name, to
classify a title as written into an appointment's ``post_kind``, and to refuse people
introduced by a non-official role ("an analyst at", "CEO").
"""

from __future__ import annotations

import re
from functools import lru_cache

from articles.extract.matcher import phrase_trie, trie_pattern


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
