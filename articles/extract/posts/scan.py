"""The scan of an article: every name mention with its title, and posts named without a
name, for ``officials`` to resolve.

Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.extract.posts.names import (
    _PLAN_CACHE_SIZE,
    _appositive,
    _ends_post,
    _may_have_title_before,
    _peel,
    _plan,
    _plans,
    _sequence_pattern,
    _split_words,
    _title_before,
    token_key,
)
from articles.extract.posts.vocabulary import (
    _POSTS_ALT,
    NAME_HONORIFICS,
    NON_OFFICIAL_AFTER_RE,
    NON_OFFICIAL_BEFORE_RE,
    NON_OFFICIAL_ENDS,
    PARTY_STATE_RE,
    US_ONLY,
    post_kind,
)
from articles.extract.types import ArticleText


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


_POST_REF_RE = re.compile(rf"(?<![\w-])(?:{_POSTS_ALT})(?![\w-])", re.IGNORECASE)


def _post_refs(article: ArticleText, text: str, spans, nationalities, scan: Scan) -> None:
    """Record (iso2, post kind) of posts the title or lede names ("Syrian FM")."""
    end = max((e for f, _, e in spans if f in ("title", "lede")), default=0)
    for found in _POST_REF_RE.finditer(text, 0, end):
        words = _split_words(text[max(0, found.start() - 60) : found.start()], last=5)
        title, country, _org = _peel(words, nationalities)
        if country:
            scan.post_refs.add((country, post_kind(" ".join([*title, found.group()]))))
