"""Scoring extraction against labels: table-driven, on tiny labels and predictions."""

from __future__ import annotations

import json

import pytest

from articles.extract.evaluation import (
    OFFICIAL_KINDS,
    ArticleLabels,
    OfficialLabel,
    evaluate,
    label_kind,
    labels_from_jsonl,
    names_match,
    post_agrees,
)


def art(url="u1", countries=(), officials=(), organizations=(), places=()):
    return ArticleLabels(
        url=url,
        countries=frozenset(countries),
        officials=tuple(
            o if isinstance(o, OfficialLabel) else OfficialLabel(*o) for o in officials
        ),
        organizations=frozenset(organizations),
        places=frozenset(places),
    )


# name, labels, predictions, kind, (correct, predicted, labelled)
CASES = [
    (
        "all right",
        [art(countries=["SY", "RU"])],
        [art(countries=["RU", "SY"])],
        "countries",
        (2, 2, 2),
    ),
    (
        "one missed, one extra",
        [art(countries=["SY", "RU"])],
        [art(countries=["SY", "US"])],
        "countries",
        (1, 2, 2),
    ),
    (
        "places are neutral",
        [art(countries=["SY"], places=["LB"])],
        [art(countries=["SY", "LB"])],
        "countries",
        (1, 1, 1),
    ),
    (
        "unfound place is no miss",
        [art(countries=["SY"], places=["LB"])],
        [art(countries=["SY"])],
        "countries",
        (1, 1, 1),
    ),
    (
        "organizations",
        [art(organizations=["un", "nato"])],
        [art(organizations=["un", "eu"])],
        "organizations",
        (1, 2, 2),
    ),
    (
        "official, same name and country",
        [art(officials=[("Walid Mouallem", "SY")])],
        [art(officials=[("Walid al-Moallem", "SY")])],
        "officials",
        (1, 1, 1),
    ),
    (
        "official, other country",
        [art(officials=[("Walid Mouallem", "SY")])],
        [art(officials=[("Walid Mouallem", "LB")])],
        "officials",
        (0, 1, 1),
    ),
    (
        "official, prediction without country",
        [art(officials=[("Walid Mouallem", "SY")])],
        [art(officials=[("Walid Mouallem", None)])],
        "officials",
        (1, 1, 1),
    ),
    (
        "official of an organisation",
        [art(officials=[("Jens Stoltenberg", None, "nato")])],
        [art(officials=[("Jens Stoltenberg", None, "nato")])],
        "officials",
        (1, 1, 1),
    ),
    (
        "official, dropped middle name",
        [art(officials=[("John R. Bolton", "US")])],
        [art(officials=[("John Bolton", "US")])],
        "officials",
        (1, 1, 1),
    ),
    (
        "official, surname only is not enough",
        [art(officials=[("John Bolton", "US")])],
        [art(officials=[("Bolton", "US")])],
        "officials",
        (0, 1, 1),
    ),
    (
        "official, other first name",
        [art(officials=[("John Kerry", "US")])],
        [art(officials=[("Teresa Kerry", "US")])],
        "officials",
        (0, 1, 1),
    ),
    (
        "official matched once",
        [art(officials=[("Kim Jong Un", "KP")])],
        [art(officials=[("Kim Jong Un", "KP"), ("Kim Jong-un", "KP")])],
        "officials",
        (1, 2, 1),
    ),
    (
        "micro-averaged over articles",
        [art("a", countries=["SY"]), art("b", countries=["RU", "US", "CN"])],
        [art("a", countries=["SY", "IQ"]), art("b", countries=["RU"])],
        "countries",
        (2, 3, 4),
    ),
    (
        "unimported url is not scored",
        [art("a", countries=["SY"]), art("b", countries=["RU"])],
        [art("a", countries=["SY"])],
        "countries",
        (1, 1, 1),
    ),
]


@pytest.mark.parametrize(
    ("name", "labels", "predictions", "kind", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_counts(name, labels, predictions, kind, expected):
    report = evaluate({a.url: a for a in labels}, {a.url: a for a in predictions}, [kind])
    s = report.scores[kind]
    assert (s.correct, s.predicted, s.labelled) == expected


def test_precision_recall_f1_and_article_recall():
    labels = {
        "a": art("a", countries=["SY"]),
        "b": art("b", countries=["RU", "US", "CN", "IR"]),
        "c": art("c"),
    }
    predictions = {
        "a": art("a", countries=["SY", "IQ"]),
        "b": art("b", countries=["RU"]),
        "c": art("c"),
    }
    report = evaluate(labels, predictions)
    s = report.scores["countries"]
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    # Reuters-style: (1/1 + 1/4) / 2 -- the article without labelled countries is left out.
    assert report.country_recall_per_article == pytest.approx(0.625)
    assert report.articles == 3 and report.missing == ()


def test_empty_scores_are_zero_not_errors():
    report = evaluate({"a": art("a")}, {"a": art("a")})
    s = report.scores["officials"]
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert report.country_recall_per_article == 0.0


def test_errors_name_misses_and_extras():
    labels = {"a": art("a", countries=["SY", "RU"], officials=[("Walid Mouallem", "SY")])}
    predictions = {"a": art("a", countries=["SY", "US"], officials=[("Bashar al-Assad", "SY")])}
    report = evaluate(labels, predictions)
    by_kind = {e.kind: e for e in report.errors}
    assert by_kind["countries"].missed == ("RU",) and by_kind["countries"].extra == ("US",)
    assert by_kind["officials"].missed == ("Walid Mouallem (SY)",)
    assert by_kind["officials"].extra == ("Bashar al-Assad (SY)",)
    assert "organizations" not in by_kind


def test_table():
    labels = {"a": art("a", countries=["SY", "RU"]), "b": art("b", countries=["US"])}
    predictions = {"a": art("a", countries=["SY"])}
    table = evaluate(labels, predictions, ["countries"]).table()
    assert table.splitlines() == [
        "kind           labelled predicted correct precision  recall     F1",
        "countries             2         1       1     1.000   0.500  0.667",
        "articles scored: 1; not found: 1",
        "countries found per article (mean recall, Reuters-style): 0.500",
    ]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kinds: topics"):
        evaluate({}, {}, ["topics"])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Muammar Gaddafi", "Moammar Qaddafi", True),
        ("Recep Tayyip Erdoğan", "Recep Erdogan", True),
        ("John R. Bolton", "John Bolton", True),
        ("John Bolton", "Bolton", False),
        ("", "Bolton", False),
        ("Abd Rahman Khalil", "Abdrahman Khalil", True),  # written apart or together
        ("Abd Rahman Khalil", "Abdel Rahman Khalil", False),
    ],
)
def test_names_match(a, b, same):
    assert names_match(a, b) is same
    assert names_match(b, a) is same


def test_labels_from_jsonl():
    lines = [
        json.dumps(
            {
                "url": "https://example.org/1",
                "corpus": "x",
                "countries": ["sy"],
                "places": ["LB"],
                "officials": [
                    {"name": "Walid Mouallem", "country": "SY"},
                    {"name": "Ban Ki-moon", "country": None, "organization": "un"},
                ],
                "organizations": ["un"],
            }
        ),
        "",
    ]
    labels = labels_from_jsonl(lines)["https://example.org/1"]
    assert labels.countries == {"SY"} and labels.places == {"LB"}
    assert labels.officials == (
        OfficialLabel("Walid Mouallem", "SY"),
        OfficialLabel("Ban Ki-moon", None, "un"),
    )
    with pytest.raises(ValueError, match="line 1"):
        labels_from_jsonl(['{"countries": []}'])


def test_the_labelled_set_is_well_formed():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "fixtures" / "extraction_labels.jsonl"
    labels = labels_from_jsonl(path.read_text(encoding="utf-8").splitlines())
    assert len(labels) >= 120
    for item in labels.values():
        assert not item.countries & item.places, item.url
        for official in item.officials:
            assert official.kind in OFFICIAL_KINDS, (item.url, official)
            if official.organization:
                assert official.organization in item.organizations, (item.url, official)
            else:  # a state's official; or an organisation's that has no slug
                assert official.country or official.kind == "international", (item.url, official)


def _o(name, kind="", post="", former=False, country="US"):
    return OfficialLabel(name, country, None, kind, post, former)


# (label, shown) -> agrees
@pytest.mark.parametrize(
    ("label", "shown", "agrees"),
    [
        (_o("A B", "legislator", "Sen."), _o("A B", "legislator", "Senator"), True),
        (_o("A B", "legislator", "Sen."), _o("A B", "other", "Government official"), False),
        (_o("A B", "legislator", "Sen."), _o("A B"), False),  # the text gives one, none shown
        (_o("A B", "head_of_state", ""), _o("A B"), True),  # none given, none shown
        (_o("A B", "head_of_state", ""), _o("A B", "head_of_state", "President"), True),
        (_o("A B", "head_of_state", ""), _o("A B", "minister", "Minister"), False),
        (
            _o("A B", "minister", "former Secretary", True),
            _o("A B", "minister", "Secretary"),
            False,
        ),
        (_o("A B", "minister", "then-Secretary", True), _o("A B", "minister", "Sec", True), True),
        (
            _o("A B", "head_of_state", "President"),
            _o("A B", "head_of_state", "President", True),
            False,
        ),
    ],
)
def test_post_agreement(label, shown, agrees):
    assert post_agrees(label, shown) is agrees


@pytest.mark.parametrize(
    ("post_kind", "organisation", "kind"),
    [
        ("foreign_minister", None, "minister"),
        ("deputy_minister", None, "minister"),
        ("envoy", None, "diplomat"),
        ("official", None, "other"),
        ("secretary_general", "un", "international"),
        ("head_of_state", "eu", "international"),
        ("spokesperson", "un", "spokesperson"),
        ("legislator", None, "legislator"),
        ("", None, ""),
    ],
)
def test_label_kind(post_kind, organisation, kind):
    assert label_kind(post_kind, organisation) == kind


def test_recall_by_kind_and_post_agreement_are_reported():
    labels = {
        "u1": art(officials=(
            _o("Marco Rubio", "legislator", "Sen."),
            _o("John Kerry", "minister", "former Secretary of State", True),
            _o("Jane Roe", "military", "Gen."),
        ))
    }  # fmt: skip
    predictions = {
        "u1": art(officials=(
            _o("Marco Rubio", "legislator", "Senator"),
            _o("John Kerry", "minister", "Secretary of State"),  # shown as current
        ))
    }  # fmt: skip
    report = evaluate(labels, predictions, kinds=("officials",))
    assert report.official_recall == {
        "legislator": (1, 1),
        "minister": (1, 1),
        "military": (0, 1),
        "former": (1, 1),
    }
    assert (report.posts_agreeing, report.posts_found) == (1, 2)
    assert report.post_agreement == 0.5
    assert "John Kerry" in report.post_errors[0]
    table = report.table()
    assert "post agreement: 1 / 2 = 0.500" in table
    assert "military" in table


def test_an_official_matches_a_label_by_any_alias():
    label = art(officials=(_o("Abu Mazen", "head_of_state", "President", country="PS"),))
    found = OfficialLabel(
        "Mahmoud Abbas", "PS", None, "head_of_state", "President", False, ("Abu Mazen",)
    )
    report = evaluate({"u1": label}, {"u1": art(officials=(found,))}, kinds=("officials",))
    assert report.scores["officials"].correct == 1
    unaliased = OfficialLabel("Mahmoud Abbas", "PS", None, "head_of_state", "President")
    report = evaluate({"u1": label}, {"u1": art(officials=(unaliased,))}, kinds=("officials",))
    assert report.scores["officials"].correct == 0


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Chuck Schumer", "Charles E. Schumer", True),
        ("Ron Dellums", "Ronald Dellums", True),
        ("Chris Hill", "Christopher R. Hill", True),
        ("Chris Hill", "Fiona Hill", False),
    ],
)
def test_short_given_names_match(a, b, same):
    assert names_match(a, b) is same
