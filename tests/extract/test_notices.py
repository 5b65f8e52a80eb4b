"""Correction notices: a table of texts and the notice text each holds ("" for none)."""

from __future__ import annotations

import pytest

from articles.extract.notices import notice_spans

STORY = "Iraq and Iran met in Baghdad on Monday.\n\n"

CASES = [
    # Notices: a label, "an earlier version of this ...", "this story has been ...".
    {
        "name": "caps label",
        "text": STORY + "CORRECTION: An earlier version of this story cited Iran instead of Iraq.",
        "notices": ["CORRECTION: An earlier version of this story cited Iran instead of Iraq."],
    },
    {
        "name": "label then updated",
        "text": "Correction: This article has been updated to say Iraq, not Iran.\n\n" + STORY,
        "notices": ["Correction: This article has been updated to say Iraq, not Iran."],
    },
    {
        "name": "earlier version alone",
        "text": STORY + "An earlier version of this article misstated the capital of Iran.",
        "notices": ["An earlier version of this article misstated the capital of Iran."],
    },
    {
        "name": "has been corrected",
        "text": STORY + "This story has been corrected to show the talks were in Iraq.",
        "notices": ["This story has been corrected to show the talks were in Iraq."],
    },
    {
        "name": "previous version, two sentences",
        "text": STORY + "A previous version of this report named Iran. It was Iraq.",
        "notices": ["A previous version of this report named Iran. It was Iraq."],
    },
    {
        "name": "after the story's last sentence",
        "text": "Talks ended. This story was corrected to remove Iran.\n\nMore.",
        "notices": ["This story was corrected to remove Iran."],
    },
    {
        "name": "after a note label",
        "text": STORY + "(Note: An earlier version of this story misstated Iran's role.)",
        "notices": ["An earlier version of this story misstated Iran's role.)"],
    },
    {
        "name": "italic notice",
        "text": STORY + "*Correction: A previous version of this article misspelled Iran.*",
        "notices": ["Correction: A previous version of this article misspelled Iran.*"],
    },
    {
        "name": "dated label",
        "text": STORY + "Correction (May 3, 2024): The summit was in Iraq, not Iran.",
        "notices": ["Correction (May 3, 2024): The summit was in Iraq, not Iran."],
    },
    {
        "name": "dash label",
        "text": STORY + "CLARIFICATION \u2014 The envoy is from Iran.",
        "notices": ["CLARIFICATION \u2014 The envoy is from Iran."],
    },
    {
        "name": "label alone on its line heads the next paragraph",
        "text": STORY
        + "Corrections & Amplifications\n\nThe minister is Iranian, not Iraqi.\n\nEnd.",
        "notices": ["Corrections & Amplifications\n\nThe minister is Iranian, not Iraqi."],
    },
    {
        "name": "two-word label",
        "text": STORY + "Corrections & Clarifications: A previous version named Iran.",
        "notices": ["Corrections & Clarifications: A previous version named Iran."],
    },
    {
        "name": "far into a long text",
        "text": STORY * 200 + "Correction: Iran, not Iraq.\n\n" + STORY,
        "notices": ["Correction: Iran, not Iraq."],
    },
    {
        "name": "bracketed label with a time",
        "text": STORY + "[Correction at 1:36 p.m. ET] The entry above said Iran.",
        "notices": ["Correction at 1:36 p.m. ET] The entry above said Iran."],
    },
    {
        "name": "reuters parenthesis ends at its close",
        "text": "(Corrects paragraph 3 to say Iraq, not Iran) Baghdad hosted talks.",
        "notices": ["Corrects paragraph 3 to say Iraq, not Iran)"],
    },
    {
        "name": "this version corrects",
        "text": STORY + "This version corrects the spelling of Iran's foreign minister.",
        "notices": ["This version corrects the spelling of Iran's foreign minister."],
    },
    {
        "name": "two notices",
        "text": "Correction: Iran, not Iraq.\n\n" + STORY + "This post was updated to correct it.",
        "notices": ["Correction: Iran, not Iraq.", "This post was updated to correct it."],
    },
    # The story: the word alone, or a version of something else, is no notice.
    {"name": "market correction", "text": "Iran's market correction deepened.", "notices": []},
    {
        "name": "sentence-initial correction word",
        "text": "Correction officers in Iran went on strike.",
        "notices": [],
    },
    {
        "name": "correction mid-sentence",
        "text": "Stocks fell. A correction of 10% hit Iran's exchange.",
        "notices": [],
    },
    {
        "name": "lower-case label",
        "text": "Analysts said the correction: a sharp fall in Iran's currency.",
        "notices": [],
    },
    {
        "name": "earlier version of a bill",
        "text": "An earlier version of the bill named Iran.",
        "notices": [],
    },
    {
        "name": "this story as a story",
        "text": "This story has been told in Iran for centuries.",
        "notices": [],
    },
    {
        "name": "an earlier version of this deal",
        "text": "An earlier version of this deal with Iran collapsed in 2018.",
        "notices": [],
    },
    {
        "name": "not at a sentence start",
        "text": "He said this article has been corrected in Iran's press.",
        "notices": [],
    },
    {"name": "corrections department", "text": "The Corrections Department said.", "notices": []},
    {
        "name": "an update note is no correction",
        "text": STORY + "This story has been updated with comment from Iran.",
        "notices": [],
    },
    # The pattern matches, but not at a paragraph's or a sentence's start.
    {
        "name": "label inside a sentence",
        "text": "The paper printed CORRECTION: it had named Iran.",
        "notices": [],
    },
    {
        "name": "quoted label",
        "text": 'Iran\'s press ran a "Correction (May 3): the envoy left" notice.',
        "notices": [],
    },
    {
        "name": "notice words inside a sentence",
        "text": "Tehran said This story has been corrected by the West, in Iran.",
        "notices": [],
    },
    {
        "name": "his version of events",
        "text": "This version of events was updated by Iran. Iran corrected it.",
        "notices": [],
    },
]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_notice_spans(case):
    text = case["text"]
    assert [text[s:e] for s, e in notice_spans(text)] == case["notices"]


def test_same_text_object_is_read_once():
    text = STORY + "CORRECTION: Iran, not Iraq."
    assert notice_spans(text) is notice_spans(text)
    assert notice_spans("Talks.") == ()
