"""Tests for articles.ingest.corrections: notices kept apart from the body, from tables."""

from __future__ import annotations

import pytest

from articles.ingest.corrections import MAX_NOTICE, is_correction, split_corrections
from articles.ingest.parse import parse_document
from articles.ingest.types import RawDocument

PROSE = "The envoys met for three hours and agreed to meet again next week in the capital."
MORE = "Officials said the second meeting would focus on the exchange of prisoners and aid."

# Each case: the paragraph, placed between two prose paragraphs, is a notice.
NOTICES = [
    ("label caps", "CORRECTION: An earlier version of this story cited Iran instead of Iraq."),
    ("label", "Correction: The minister's surname was misspelled in the second paragraph."),
    ("label plural", "Corrections: The summit took place in Muscat, not Doha."),
    ("clarification", "Clarification: The ceasefire covers the northern provinces only."),
    ("label with dash", "CORRECTION — The delegation arrived on Thursday, not Wednesday."),
    ("label with hyphen", "Correction - The talks were held in Vienna."),
    ("label dated in brackets", "Correction (March 5, 2019): The envoy is from Oman."),
    ("label dated", "Correction, Oct. 4: The report was released by the finance ministry."),
    ("label dated day first", "Correction 12 June 2021: The ambassador's title was wrong."),
    ("corrections and clarifications", "Corrections & Clarifications: The vote was 9-6."),
    ("corrections and amplifications", "Corrections & Amplifications: The fund is in Oslo."),
    ("label at a time", "Correction at 1:36 p.m. ET: The minister spoke on Monday."),
    ("earlier versions", "Earlier versions of this article gave the wrong title for the envoy."),
    ("correction and update", "Correction/Update: The bill passed the lower house."),
    ("square brackets", "[Correction: The port is in Aden, not Mukalla.]"),
    ("parentheses", "(Correction: The minister resigned in May, not June.)"),
    ("markdown bold", "**Correction:** The agreement was signed by both parties."),
    ("label appended with text", "Correction appended: The figure was 2,000 tonnes."),
    (
        "editor's note correction",
        "Editor's note: An earlier version of this article misstated the date of the vote.",
    ),
    (
        "editor's note curly",
        "Editor’s Note: This story has been corrected to show the envoy's full name.",
    ),
    ("editor's note updated", "Editor’s Note: This story has been updated."),
    ("editors' note", "Editors' note: This article was amended to remove an incorrect figure."),
    (
        "note to readers",
        "Note to readers: A previous version of this column misquoted the senator.",
    ),
    (
        "update label",
        "UPDATE: This story has been updated to correct the spelling of the mayor's name.",
    ),
    ("earlier version", "An earlier version of this article misstated the size of the loan."),
    (
        "earlier version story",
        "An earlier version of this story incorrectly said the talks had collapsed.",
    ),
    (
        "previous version",
        "A previous version of this story misspelled the name of the foreign minister.",
    ),
    (
        "in an earlier version",
        "In an earlier version of this post, we said the embassy had closed.",
    ),
    (
        "original version headline",
        "The original version of this headline misidentified the country.",
    ),
    ("has been corrected", "This article has been corrected to show that the envoy is from Qatar."),
    ("was corrected", "This story was corrected to reflect the correct casualty figures."),
    ("updated to correct", "This article has been updated to correct the name of the province."),
    ("updated to clarify", "This story has been updated to clarify who chairs the committee."),
    ("was amended", "This article was amended on 3 April 2020 to fix the minister's title."),
    ("version corrects", "This version corrects the spelling of the governor's name."),
    ("updated to correct short", "Updated to correct the date of the election."),
    (
        "because of an error",
        "Because of an editing error, an earlier version of this story gave the wrong date.",
    ),
    (
        "a correction was made",
        "A correction was made on March 5, 2019: An earlier version misstated the vote.",
    ),
    (
        "a correction to this article",
        "A correction has been made to this article to fix the dates.",
    ),
    ("wire corrects", "(Corrects paragraph 3 to show the minister is from Bahrain, not Kuwait)"),
    ("wire refiles", "(Refiles to correct typo in headline)"),
    ("we regret", "We regret the error."),
    ("outlet regrets", "The Daily Ledger regrets the error."),
]


@pytest.mark.parametrize(("name", "notice"), NOTICES, ids=[c[0] for c in NOTICES])
def test_notice_is_kept_apart(name, notice):
    assert is_correction(notice)
    assert split_corrections([PROSE, notice, MORE]) == ([PROSE, MORE], (notice,))


# Each case: prose, or an editor's note that is not about a correction, stays in the body.
KEPT = [
    (
        "issued a correction",
        "The ministry issued a correction on Tuesday, saying Iran had not signed.",
    ),
    (
        "correction mid sentence",
        "Officials demanded a correction: the map showed the wrong border.",
    ),
    ("corrections officers", "Corrections officers at the prison walked out on Monday."),
    ("correction of", "Correction of the figures came two days later, the agency said."),
    ("correctional", "Correctional facilities in the region are overcrowded."),
    (
        "clarification prose",
        "Clarification is needed on the status of the reactor, the envoy said.",
    ),
    ("market correction", "Correction fears hit stocks in Tokyo and Seoul on Friday."),
    ("editor's note author", "Editor's note: The author is a former ambassador to Jordan."),
    ("editor's note series", "Editor's note: This article is part of a series on migration."),
    ("editor's note names", "Editor's note: Some names have been changed to protect the sources."),
    ("update news", "UPDATE: Iran rejected the proposal on Friday evening."),
    ("update heading", "Update on the talks is expected on Friday."),
    ("updated with comment", "This story has been updated with comment from Iraq's embassy."),
    ("this report was corrected", "This report was corrected by the agency after Iraq objected."),
    (
        "earlier version of the bill",
        "An earlier version of the bill would have banned the imports.",
    ),
    (
        "earlier version of the report",
        "An earlier version of the report, seen by the paper, named Iran.",
    ),
    ("regrets in prose", "The agency regrets the error, its spokesman said on Monday."),
    ("quoted correction", "“Correction: we never agreed to that,” the minister wrote on Twitter."),
    ("editing error prose", "Because of an editing error at the ministry, the decree named Iran."),
    ("error in prose", "The error was corrected in a later version of the decree."),
    ("correction appended alone", "Correction appended"),
    ("print version", "A version of this article appears in print on Page A6 of the paper."),
]


@pytest.mark.parametrize(("name", "paragraph"), KEPT, ids=[c[0] for c in KEPT])
def test_prose_stays_in_the_body(name, paragraph):
    assert not is_correction(paragraph)
    assert split_corrections([PROSE, paragraph, MORE]) == ([PROSE, paragraph, MORE], ())


# A label on a line of its own heads the paragraph after it, when that one is the notice.
LABELS = [
    (
        "caps label, then the notice",
        [PROSE, "CORRECTION", "The article misidentified the foreign minister.", MORE],
        ([PROSE, MORE], ("CORRECTION", "The article misidentified the foreign minister.")),
    ),
    (
        "dated label, then an earlier-version sentence",
        [PROSE, "Correction: March 5, 2019", "In a previous version of this story, we said Oman."],
        (
            [PROSE],
            ("Correction: March 5, 2019", "In a previous version of this story, we said Oman."),
        ),
    ),
    (
        "editor's note label, then the notice",
        [PROSE, "Editor's note:", "This story has been corrected to show the right date.", MORE],
        (
            [PROSE, MORE],
            ("Editor's note:", "This story has been corrected to show the right date."),
        ),
    ),
    (
        "bare label before prose",
        [PROSE, "CORRECTION", MORE],
        ([PROSE, "CORRECTION", MORE], ()),
    ),
    (
        "editor's note label before prose",
        [PROSE, "Editor's note:", "The author is a former ambassador.", MORE],
        ([PROSE, "Editor's note:", "The author is a former ambassador.", MORE], ()),
    ),
    (
        "correction appended points elsewhere",
        ["Correction Appended", "Iran mistakenly shot down a drone, officials said.", MORE],
        (["Correction Appended", "Iran mistakenly shot down a drone, officials said.", MORE], ()),
    ),
]


@pytest.mark.parametrize(("name", "paragraphs", "expected"), LABELS, ids=[c[0] for c in LABELS])
def test_bare_labels(name, paragraphs, expected):
    assert split_corrections(paragraphs) == expected


def test_notices_anywhere_in_the_body_keep_their_order():
    first = "Correction: The envoy's name was misspelled."
    second = "Clarification: The talks are indirect."
    assert split_corrections([first, PROSE, second, MORE]) == ([PROSE, MORE], (first, second))


def test_a_body_of_nothing_but_notices_stays_the_body():
    # A corrections column: taking its paragraphs out would leave no article.
    column = ["Correction: The vote was on Monday.", "Correction: The port is in Aden."]
    assert split_corrections(column) == (column, ())


def test_a_long_paragraph_is_never_a_notice():
    glued = "Correction: " + " ".join([PROSE] * 20)  # a whole article in one paragraph
    assert len(glued) > MAX_NOTICE
    assert split_corrections([glued, MORE]) == ([glued, MORE], ())


# --- through the parser ---------------------------------------------------------------------


def test_parse_takes_notices_out_of_the_body():
    text = (
        "Envoys agree to meet again\n\nMarch 6, 2019\n\n"
        f"{PROSE}\n\nCORRECTION: An earlier version of this story cited Iran instead of Iraq."
        f"\n\n{MORE}\n\nWe regret the error.\n"
    )
    doc = RawDocument(origin="a.txt", external_id="a.txt", format="txt", raw=b"", text=text)
    article = parse_document(doc)
    assert article.body == f"{PROSE}\n\n{MORE}"
    assert article.corrections == (
        "CORRECTION: An earlier version of this story cited Iran instead of Iraq."
        "\n\nWe regret the error."
    )
    assert "Iran" in article.raw_text  # the raw text keeps everything


def test_parse_record_without_notices_has_empty_corrections():
    doc = RawDocument(
        origin="1",
        external_id="1",
        format="jsonl",
        raw=b"{}",
        fields={"title": "Envoys agree to meet again", "text": f"{PROSE}\n\n{MORE}"},
    )
    article = parse_document(doc)
    assert (article.body, article.corrections) == (f"{PROSE}\n\n{MORE}", "")


def test_a_notice_under_the_headline_is_not_the_lede():
    text = (
        "Envoys agree to meet again\n\n"
        "Correction: The talks are in Muscat, not Doha.\n\n"
        f"March 6, 2019\n\n{PROSE}\n\n{MORE}\n"
    )
    doc = RawDocument(origin="a.txt", external_id="a.txt", format="txt", raw=b"", text=text)
    article = parse_document(doc)
    assert article.lede == ""
    assert article.corrections == "Correction: The talks are in Muscat, not Doha."
    assert article.body == f"{PROSE}\n\n{MORE}"
