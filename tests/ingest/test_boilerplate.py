"""Tests for articles.ingest.boilerplate: every furniture kind, tails, learned furniture."""

from __future__ import annotations

import pytest

from articles.ingest.boilerplate import (
    CLEANER_VERSION,
    LONG_LEARNED,
    CleanResult,
    FurnitureLearner,
    clean_body,
    paragraph_key,
    split_paragraphs,
)
from tests.texts import BIO, SIDEBAR, story, word

PROSE = "The envoys met for three hours and agreed to meet again next week in the capital."
MORE = "Officials said the second meeting would focus on the exchange of prisoners and aid."
LONG = " ".join([PROSE, MORE, PROSE])  # > 200 characters: article prose goes on after it

# Each case: a furniture paragraph placed between two prose paragraphs must vanish.
FURNITURE = [
    ("read time", "2 minute read."),
    ("read time short", "5 min read"),
    ("photo credit", "Boys clean a shop 311 . (photo credit: REUTERS/Jane Example)"),
    ("photo credit pipe", "A police officer runs along a street | Photo Credit: AP"),
    ("photo prefix", "Photo: Jane Example/Example Agency"),
    ("trailing photo credit", "A crowd gathers outside the embassy on Friday. Photo: Reuters"),
    ("image copyright", "Image copyright Example Agency Image caption Leaders met on Monday"),
    ("media playback", "Media playback is unsupported on your device Media caption Talks"),
    ("getty", "Getty Images"),
    ("getty credit", "Jane Example/AFP/Getty Images"),
    ("reuters credit", "Delegates arrive in Geneva on Monday. REUTERS/Jane Example"),
    ("file photo", "FILE PHOTO: Delegates arrive for talks in Geneva, Switzerland."),
    ("ap file caption", "FILE - In this Dec. 25, 2019, file photo, delegates arrive."),
    ("npr caption", "Enlarge this image toggle caption Jane Example/AP Jane Example/AP"),
    ("be the first", "Be the first to know - Join our Facebook page."),
    ("click for full", "Click for full Ledger coverage"),
    ("click here", "CLICK HERE TO GET THE EXAMPLE NEWS APP"),
    ("sign up", "Sign up for Daily Newsletters Manage Newsletters"),
    ("sign up inside promo", "Morning Brief newsletter Sign up for Morning Brief. Email Sign Up"),
    ("sign up here", "Become an Insider for $4 a month and skip the clutter. Sign up here>>"),
    ("newsletter blurb", "Daily news delivered to your inbox: sign up for our newsletter"),
    ("see also", "SEE ALSO: Envoys agree to meet again"),
    ("see also aside", "( See also: Full coverage of the talks)"),
    ("subscribe", "Subscribe to our channel for more videos"),
    ("follow us", "Follow us on Twitter @Example"),
    ("follow reporter", "Follow Jane Example on Twitter: @jexample"),
    ("join premium", "Join Daily Ledger Premium Plus now for just $5. Click here>>"),
    ("advertisement", "Advertisement"),
    ("advertisement continue", "Advertisement Continue reading the main story"),
    ("share", "Share this article"),
    ("read more teaser", "Read more: Envoys agree to meet again"),
    (
        "copyright symbol",
        "Copyright © 2016 The Example Times, LLC. Click here for reprint permission.",
    ),
    ("copyright short", "© 2016 Example Media"),
    ("copyright ap", "Copyright 2017 The Example Press. All rights reserved."),
    ("rights reserved", "All rights reserved."),
    ("wire credit", "Reporting by Jane Example; Editing by John Example"),
    ("wire credit parenthesised", "(Reporting by Jane Example in Geneva; Writing by John Example)"),
    ("additional reporting", "Additional reporting by Jane Example in Cairo"),
    ("contributed", "The Associated Press contributed to this report."),
    ("separator", "___"),
    ("story continued", "Story Continued Below"),
    ("age banner", "This article is more than 3 years old"),
]


@pytest.mark.parametrize(("name", "furniture"), FURNITURE, ids=[c[0] for c in FURNITURE])
def test_furniture_is_removed(name, furniture):
    result = clean_body(f"{PROSE}\n\n{furniture}\n\n{MORE}")
    assert result == CleanResult(body=f"{PROSE}\n\n{MORE}", removed=(furniture,))


# Prose that resembles furniture must stay.
KEPT = [
    ("sign up lower case", "Dreamers would be allowed to sign up for the military, he said."),
    ("by the end", "By the end of the day the envoys had left the capital."),
    ("photo in prose", "The photo was taken on Monday, officials said."),
    ("copyright in prose", "The court ruled on the copyright dispute last year."),
    ("read more in prose", "Read more carefully, the statement offers little new."),
    ("more from in prose", "More from the talks is expected later this week."),
    ("short quote", '"No," he said.'),
]


@pytest.mark.parametrize(("name", "paragraph"), KEPT, ids=[c[0] for c in KEPT])
def test_prose_is_kept(name, paragraph):
    text = f"{PROSE}\n\n{paragraph}\n\n{LONG}"
    assert clean_body(text).body == text


def test_caption_line_before_credit_goes_with_it():
    text = f"{PROSE}\n\nBoys clean a shop\n\nA shop in Homs 311 . (photo credit: REUTERS/A B)\n\n{MORE}"
    result = clean_body(text)
    assert result.body == f"{PROSE}\n\n{MORE}"
    assert result.removed[0] == "Boys clean a shop"


def test_repeated_caption_is_removed():
    caption = "Delegates arrive at the conference centre in Geneva on Monday."
    result = clean_body(f"{caption}\n\n{caption}\n\n{PROSE}")
    assert result.body == PROSE


@pytest.mark.parametrize(
    "sign_off", ["Thank you,", "With thanks,", "Many thanks,", "Kind regards,", "Sincerely,"]
)
def test_donation_appeal_through_signature(sign_off):
    appeal = (
        "Dear Reader,\nAs you can imagine, more people read us than ever.\n\n"
        "For $5 a month you will receive:\n\n  • Fewer ads\n  • Our magazine\n\n"
        f"{sign_off}\n\nJane Example, CEO, Example Group\nJohn Example, Editor-in-Chief\n\n\n"
    )
    result = clean_body(f"{appeal}{PROSE}\n\n{MORE}")
    assert result.body == f"{PROSE}\n\n{MORE}"
    assert "John Example, Editor-in-Chief" in result.removed


def test_appeal_without_sign_off_removes_only_its_opening():
    result = clean_body(f"Dear Readers,\n\n{PROSE}")
    assert result.body == PROSE


# Tail markers: everything from the marker on goes when no article prose follows it.
TAILS = [
    ("related content", "Related Content\n\nNovember 12, 2018\nAnother headline"),
    ("related articles", "Related Articles\n\nAnother headline\n\nAnd another"),
    ("related stories", "Related Stories\n\nAnother headline"),
    ("read more section", "READ MORE\n\nAnother headline\n\nAnd another"),
    ("read more colon", "Read more:\n\nAnother headline"),
    ("more from", "More from Example News\n\nAnother headline"),
    ("recommended", "Recommended\n\nAnother headline"),
    ("you may also like", "You may also like\n\nAnother headline"),
]


@pytest.mark.parametrize(("name", "tail"), TAILS, ids=[c[0] for c in TAILS])
def test_tail_is_cut(name, tail):
    result = clean_body(f"{PROSE}\n\n{MORE}\n\n{tail}")
    assert result.body == f"{PROSE}\n\n{MORE}"
    assert result.removed == ("\n".join(split_paragraphs(tail)),)


def test_in_body_read_more_keeps_the_article():
    # RT and Reuters put "Read more"/"Related Coverage" teasers mid-article.
    text = f"{PROSE}\n\nRead more\n\nAnother headline\n\n{LONG}"
    assert clean_body(text).body == f"{PROSE}\n\n{LONG}"


def test_related_coverage_teaser_mid_article():
    text = f"{PROSE}\n\nRelated Coverage Envoys agree to meet again\n\n{LONG}"
    assert clean_body(text).body == f"{PROSE}\n\n{LONG}"


def test_extra_patterns():
    text = f"{PROSE}\n\n(Example Desk) Corrected at 10:00\n\n{MORE}"
    result = clean_body(text, extra_patterns=(r"^\(Example Desk\)",))
    assert result.body == f"{PROSE}\n\n{MORE}"


# --- paragraphs and keys --------------------------------------------------------------------

SPLITS = [
    ("one per line", "A line.\nB line.", ["A line.", "B line."]),
    ("blank lines", "A.\n\n\nB.", ["A.", "B."]),
    ("crlf", "A.\r\n\r\nB.", ["A.", "B."]),
    (
        "hard wrapped",
        "The envoys met for three hours on Monday and agreed that\n"
        "they would meet again next week in the capital, officials\n"
        "said after the session ended.",
        [
            "The envoys met for three hours on Monday and agreed that they would meet again "
            "next week in the capital, officials said after the session ended."
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), SPLITS, ids=[c[0] for c in SPLITS])
def test_split_paragraphs(name, text, expected):
    assert split_paragraphs(text) == expected


KEYS = [
    ("case and space", "Sign  up for  Daily\tNewsletters", "sign up for daily newsletters"),
    ("digits", "Copyright © 2016 Example", "copyright © 0 example"),
    ("quotes", "Don’t miss “this”", 'don\'t miss "this"'),
    ("trailing punctuation", "Story Continued Below.", "story continued below"),
    # Non-ASCII text takes the slow path (NFKC, quotes); ASCII text the fast one.
    ("no-break space", "Sign\xa0up\u2003for  alerts", "sign up for alerts"),
    ("ligature and full width", "ﬁnd ＡＰＰ ２０２４", "find app 0"),
    ("arabic-indic digits", "Page ١٢ of 3", "page 0 of 0"),
    ("line separator", "Share\u2028this story", "share this story"),
    ("ascii digits in runs", "Slideshow (12 Images) 2024-05-01", "slideshow (0 images) 0-0-0"),
    ("stripped dashes", "— More from Example —", "more from example"),
]


def _paragraph_key_reference(paragraph: str) -> str:
    """The key's definition, step by step (the real one skips steps that change nothing)."""
    import re
    import unicodedata

    quotes = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " "})
    text = unicodedata.normalize("NFKC", paragraph).lower().translate(quotes)
    text = re.sub(r"\d+", "0", text)
    return re.sub(r"\s+", " ", text).strip(" .,;:!-–—")


@pytest.mark.parametrize(("name", "paragraph", "expected"), KEYS, ids=[c[0] for c in KEYS])
def test_paragraph_key_fast_paths_follow_the_definition(name, paragraph, expected):
    assert _paragraph_key_reference(paragraph) == expected == paragraph_key(paragraph)


@pytest.mark.parametrize(("name", "paragraph", "expected"), KEYS, ids=[c[0] for c in KEYS])
def test_paragraph_key(name, paragraph, expected):
    assert paragraph_key(paragraph) == expected


# --- learned furniture -----------------------------------------------------------------------


def test_learner_learns_repeated_short_paragraphs_per_source():
    learner = FurnitureLearner()
    promo = "Get the Example app for breaking news alerts"
    for n in range(10):
        learner.add("example", f"Story {word(n)} opening paragraph about talks.\n\n{promo}")
    learner.add("other", promo)
    learned = learner.learned()
    assert learned["example"] == frozenset({paragraph_key(promo)})
    assert learned["other"] == frozenset()


def test_learner_needs_three_articles_and_a_share():
    learner = FurnitureLearner(min_articles=3, min_share=0.02)
    quote = '"We will not negotiate under pressure," the minister said.'
    for n in range(250):
        learner.add(
            "big",
            f"Unique paragraph {word(n)} of a long story." + (f"\n\n{quote}" if n < 4 else ""),
        )
    # Four of 250 articles is under 2%: a repeated quote, not furniture.
    assert learner.learned()["big"] == frozenset()


def test_learner_counts_distinct_articles_and_skips_very_long_or_tiny_paragraphs():
    learner = FurnitureLearner()
    for _ in range(5):
        learner.add("s", "No.\n\nNo.\n\n" + "x" * (LONG_LEARNED + 1))
    assert learner.learned()["s"] == frozenset()


def test_learner_is_memory_bounded():
    learner = FurnitureLearner(max_keys=10, max_candidates=2)
    for n in range(50):
        learner.add("s", "\n".join(f"paragraph {word(n)} {word(i)} here" for i in range(5)))
    assert len(learner._counts["s"]) <= 10
    assert len(learner._texts["s"]) <= 2


def test_keys_ignore_digits_so_dated_furniture_is_learned():
    learner = FurnitureLearner()
    for year in range(2012, 2020):
        learner.add("s", f"Story {word(year)}.\n\nCopyright © {year} Example Media Group")
    assert learner.learned()["s"] == frozenset({"copyright © 0 example media group"})


def test_learned_keys_are_removed_by_clean_body():
    learned = frozenset({paragraph_key("Get the Example app for breaking news alerts")})
    text = f"{PROSE}\n\nGet the Example app for breaking news alerts\n\n{MORE}"
    assert clean_body(text, learned=learned).body == f"{PROSE}\n\n{MORE}"


@pytest.mark.parametrize(
    "variant",
    [
        "Get   the   Example   app   for   breaking   news   alerts" + " " * 300,  # spaces
        "Get the Example app for breaking news alerts" + "." * 300,  # stripped punctuation
        "Get the Example app for breaking news alerts " + "2024" * 50,  # one digit run
        "Get the E\u0301xample app for breaking news alerts \u2014",  # accent: composed
    ],
)
def test_learned_keys_match_paragraphs_longer_than_the_key(variant):
    # Paragraphs whose first letters start no learned key skip the key (a pre-check); ones
    # that differ only by spaces, digits, punctuation or accents must not.
    learned = frozenset({paragraph_key(variant)})
    text = f"{PROSE}\n\n{variant}\n\n{MORE}"
    assert clean_body(text, learned=learned).body == f"{PROSE}\n\n{MORE}"
    # A longer paragraph with the same words and more is not that furniture.
    other = f"{PROSE}\n\n{variant} and more words here\n\n{MORE}"
    assert clean_body(other, learned=learned).body == other


def test_cleaner_version_is_an_int():
    assert isinstance(CLEANER_VERSION, int)


def test_a_typical_article_loses_only_its_furniture():
    # Its speed is the benchmarks' business, not a wall-clock assert here,
    # which a loaded machine fails at random.
    paragraphs = [PROSE, "Sign up for Daily Newsletters", MORE, LONG] * 12
    text = "\n\n".join(paragraphs)  # ~5,000 characters, like a median AllSides body
    result = clean_body(text)
    assert result.body == "\n\n".join([PROSE, MORE, LONG] * 12)
    assert result.removed == ("Sign up for Daily Newsletters",) * 12


SEARCHED = [
    "Crowds gather in Zürich on Friday. Photo: Reuters",
    "Dörfer am See | Photo Credit: AP",
    "Le président à Paris. REUTERS/Benoît Tessier",
    "Get the briefing: \u017fign up for our newsletter",  # IGNORECASE folds the long s
    "Photos and more: join us on Faceboo\u212a",  # and the Kelvin sign
    "Más fotos: join us on Instagram",  # non-ASCII, without those
    "Getty Images",
    "Jane Example contributed to this report.",
]


@pytest.mark.parametrize("paragraph", [c[1] for c in FURNITURE] + SEARCHED)
def test_short_hint_never_hides_a_searched_pattern(paragraph):
    from articles.ingest.boilerplate import patterns

    if len(paragraph) <= patterns.SHORT and patterns._SHORT_SEARCH_RE.search(paragraph):
        assert patterns._short_hint(paragraph)
    if paragraph in SEARCHED:
        assert clean_body(f"{PROSE}\n\n{paragraph}\n\n{MORE}").body == f"{PROSE}\n\n{MORE}"


# --- long repeated paragraphs ------------------------------------------------------------
# Written for these tests: a promo (the sidebar quote and the bio are in tests/texts.py).

PROMO = "Read the Harbour Ledger every morning: our editors pick the five stories you need."


LONG_LEARNING = [
    # (name, paragraph, articles of the source, articles carrying it, learned)
    ("sidebar quote in a third of the articles", SIDEBAR, 60, 20, True),
    ("bio in four articles of a small outlet", BIO, 60, 4, True),
    ("long quote in three articles: a follow-up", SIDEBAR, 60, 3, False),
    ("long quote in two articles: a syndicated pair", SIDEBAR, 60, 2, False),
    ("in four of 400 articles: under the 2% share", SIDEBAR, 400, 4, False),
    ("in nine of 400 articles", SIDEBAR, 400, 9, True),
    ("short promo in three articles: the short floor", PROMO, 60, 3, True),
    ("short promo in two articles", PROMO, 60, 2, False),
    ("longer than LONG_LEARNED", (SIDEBAR + " ") * 5, 60, 30, False),
]


@pytest.mark.parametrize(
    ("name", "paragraph", "articles", "carrying", "learned"),
    LONG_LEARNING,
    ids=[c[0] for c in LONG_LEARNING],
)
def test_learner_learns_long_paragraphs_on_stronger_evidence(
    name, paragraph, articles, carrying, learned
):
    learner = FurnitureLearner()
    for n in range(articles):
        # Wherever it sits: first, between prose, last.
        learner.add("outlet", story(n, paragraph, at=n % 4) if n < carrying else story(n))
    assert (paragraph_key(paragraph) in learner.learned()["outlet"]) is learned


@pytest.mark.parametrize("at", [0, 1, 2, 3], ids=["first", "second", "third", "last"])
def test_a_learned_long_paragraph_is_removed_wherever_it_sits(at):
    learner = FurnitureLearner()
    for n in range(30):
        learner.add("outlet", story(n, SIDEBAR, BIO, at=n % 4) if n % 3 == 0 else story(n))
    learned = learner.learned()["outlet"]
    assert {paragraph_key(SIDEBAR), paragraph_key(BIO)} <= learned
    # Another article, the quote typed with straight quotes and spaced differently.
    variant = SIDEBAR.replace("\u201c", '"').replace("\u201d", '"').replace(". ", ".  ")
    result = clean_body(story(99, variant, at=at), learned=learned)
    assert result.body == story(99)
    assert result.removed == (variant,)


def test_sources_do_not_share_what_they_learn():
    learner = FurnitureLearner()
    for n in range(30):
        learner.add("outlet a", story(n, SIDEBAR) if n < 10 else story(n))
        learner.add("outlet b", story(n, SIDEBAR) if n < 2 else story(n))
    learned = learner.learned()
    assert paragraph_key(SIDEBAR) in learned["outlet a"]
    assert learned["outlet b"] == frozenset()
    text = story(0, SIDEBAR)
    assert clean_body(text, learned=learned["outlet b"]).body == text


def test_a_full_learner_forgets_the_rare_and_still_learns_late_furniture():
    # 20 digests at most: the table fills within a few articles and is decremented often.
    learner = FurnitureLearner(max_keys=20)
    for n in range(300):
        extra = [SIDEBAR] if n >= 200 else []  # a sidebar added late in the outlet's life
        extra += [BIO] if n in (5, 150, 290) else []  # one bio in three articles only
        learner.add("outlet", story(n, *extra))
    learned = learner.learned()["outlet"]
    assert learner.forgotten["outlet"] > 0
    assert len(learner._counts["outlet"]) <= 20
    assert paragraph_key(SIDEBAR) in learned  # 100 articles, 33%: counts a little low
    assert paragraph_key(BIO) not in learned  # counts are never too high


def test_all_sources_together_stay_under_the_total_cap():
    # The fullest source is decremented when all counts together reach the cap; a small
    # source, never the fullest, keeps exact counts.
    learner = FurnitureLearner(max_total_keys=100)
    for n in range(400):
        learner.add(f"big {n % 4}", story(n, *([SIDEBAR] if n >= 200 else [])))
        if n % 100 == 0:
            learner.add("small", story(1000 + n, PROMO))
    assert sum(map(len, learner._counts.values())) == learner._total <= 100
    assert learner.forgotten["small"] == 0 and learner.forgotten["big 0"] > 0
    learned = learner.learned()
    assert all(paragraph_key(SIDEBAR) in learned[f"big {i}"] for i in range(4))
    assert learned["small"] == frozenset({paragraph_key(PROMO)})


def _changed_by_keys(code_point: int) -> bool:
    import unicodedata

    char = chr(code_point)
    return (
        unicodedata.normalize("NFKC", char) != char
        or char.lower() != char
        or unicodedata.combining(char) > 0
    )


@pytest.mark.parametrize("at", [0, 3, 40, 47, 48, 49, 60])
def test_the_pre_check_never_hides_a_learned_key(at):
    # Every character that NFKC, lower-casing or composition can change, and those the
    # pre-check reads as ASCII, at and around the end of the start it reads.
    from articles.ingest.boilerplate import cleaner

    chars = [chr(c) for c in range(0x80, 0x30000) if _changed_by_keys(c)]
    chars += ["\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014"]
    text = "Ab, 12 cd ef gh ij kl mn op qr st uv wx yz ab cd ef gh ij kl"
    for char in chars:
        paragraph = f"{text[:at]}{char}{text[at:]}"
        fingerprints = cleaner._fingerprints(frozenset({paragraph_key(paragraph)}))
        assert cleaner._may_be_learned(paragraph, fingerprints), ascii(paragraph)


def test_the_pre_check_tells_prose_apart():
    from articles.ingest.boilerplate import cleaner

    learned = frozenset({paragraph_key(SIDEBAR), paragraph_key(BIO), paragraph_key(PROMO)})
    fingerprints = cleaner._fingerprints(learned)
    assert all(cleaner._may_be_learned(p, fingerprints) for p in (SIDEBAR, BIO, PROMO))
    # The same opening as the sidebar and the bio, but not their paragraphs: let through.
    assert cleaner._may_be_learned("Others argue that the port is safe.", fingerprints)
    assert cleaner._may_be_learned("Marta Quillon said.", fingerprints)
    prose = [story(n).split("\n\n")[1] for n in range(40)] + [PROSE, MORE, LONG, "Quiet."]
    assert not any(cleaner._may_be_learned(p, fingerprints) for p in prose)
